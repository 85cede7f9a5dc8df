"""Partner accounts: accepting an application (or the Office's invitation) gives the contact
person an account by a mailed link; it edits its own profile and proposes events, through the
Office's workflow, and reaches nothing else in the admin."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Locale, Page, WorkflowPage, WorkflowState

from events.models import EventIndexPage, EventPage
from network.models import InitiativeIndexPage, InitiativePage, PartnerApplication
from network.services import invite_partner, open_sections_to_partners
from organisations.models import Organisation
from tests.helpers import staff
from tests.project import admin_addresses

PASSWORD = "Sendling-repariert-2030"


@pytest.fixture
def accepted(office, django_capture_on_commit_callbacks):
    """Repair Café Sendling, accepted by the Office: its draft profile and the two mails."""
    application = PartnerApplication.objects.create(
        organisation_name="Repair Café Sendling",
        sector="civil_society",
        district="06",
        contact_name="Jonas Beispiel",
        email="Jonas@Example.org",
        offers="Reparaturtreffen",
        wants="Kontakte",
        consented_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        office.post(
            reverse("partner_applications:edit", args=[application.pk]),
            {"status": "accepted", "notes": ""},
        )
    return InitiativePage.objects.get(organisation__name="Repair Café Sendling")


@pytest.fixture
def partner(client, accepted):
    """The partner, signed in (without a second factor: offered, not required)."""
    client.logout()
    user = get_user_model().objects.get(email="jonas@example.org")
    user.set_password(PASSWORD)
    user.save()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def form_values(html):
    """What the admin's page form would send as it stands."""
    form = BeautifulSoup(html, "html.parser").select_one("form[data-edit-form]")
    values = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            values[name] = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            values[name] = chosen["value"] if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                values[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "button"):
            values[name] = field.get("value", "")
    return values


def test_accepting_invites_the_contact_person_who_sets_a_password(client, accepted):
    user = get_user_model().objects.get(email="jonas@example.org")
    assert not user.has_usable_password()
    assert user.groups.filter(name="Partners").exists()
    assert accepted.owner == user
    decision, invitation = mail.outbox
    assert decision.subject == "Willkommen im Bündnis: Repair Café Sendling"
    assert "zweiten E-Mail" in decision.body
    assert invitation.to == ["jonas@example.org"]
    assert "Repair Café Sendling" in invitation.body
    link = re.search(r"http://\S+/admin/password_reset/confirm/\S+/", invitation.body).group(0)
    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password = form_page.redirect_chain[-1][0]
    client.post(set_password, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert client.login(username=user.username, password=PASSWORD)


def test_the_partner_edits_its_profile_and_the_office_approves_it(partner, accepted, client):
    edit = reverse("wagtailadmin_pages:edit", args=[accepted.pk])
    values = form_values(partner.get(edit).content.decode())
    values.update({"teaser": "Wir reparieren jeden dritten Samstag.", "action-submit": "1"})
    assert partner.post(edit, values).status_code == 302
    state = WorkflowState.objects.get(object_id=str(accepted.pk), status="in_progress")
    assert state.workflow.name == "Änderung eines Partners prüfen"
    accepted.refresh_from_db()
    assert not accepted.live  # nothing goes live before the Office approves
    start = BeautifulSoup(partner.get("/admin/").content, "html.parser")
    assert "Büro prüft die Änderung" in start.get_text(" ", strip=True)  # Wagtail's panel
    own = (
        start.select_one(f'.office-tasks a[href="{edit}"]')
        .find_parent("tr")
        .get_text(" ", strip=True)
    )
    assert "Repair Café Sendling" in own and "in Moderation" in own  # and the site's

    office_user = get_user_model().objects.get(username="buero")
    state.current_task_state.task.specific.on_action(
        state.current_task_state, office_user, "approve"
    )
    accepted.refresh_from_db()
    assert accepted.live and accepted.teaser == "Wir reparieren jeden dritten Samstag."


def test_publishing_directly_is_not_the_partners(partner, accepted):
    edit = reverse("wagtailadmin_pages:edit", args=[accepted.pk])
    values = form_values(partner.get(edit).content.decode())
    values.update({"teaser": "Sofort online?", "action-publish": "1"})
    partner.post(edit, values)
    accepted.refresh_from_db()
    assert not accepted.live


def test_the_partner_proposes_an_event_through_the_workflow(partner, accepted):
    index = EventIndexPage.objects.get()
    add = reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])
    values = form_values(partner.get(add).content.decode())
    values.update(
        {
            "title": "Reparaturtreffen im Advent",
            "slug": "reparaturtreffen-advent",
            "start": "2030-12-07 10:00",
            "end": "2030-12-07 13:00",
            "teaser": "Bringen Sie mit, was kaputt ist.",
            "venue": "Stadtteilladen Sendling",
            "body-count": "0",  # the body's blocks are drawn by the admin's scripts
            "action-submit": "1",
        }
    )
    response = partner.post(add, values)
    assert response.status_code == 302, response.context["form"].errors
    event = EventPage.objects.get(slug="reparaturtreffen-advent")
    assert not event.live
    assert WorkflowState.objects.get(object_id=str(event.pk)).status == "in_progress"
    edit = reverse("wagtailadmin_pages:edit", args=[event.pk])
    assert partner.get(edit).status_code == 200  # its own, to change while it waits


def test_the_partner_reaches_no_one_elses_page(partner, accepted):
    other_profile = InitiativePage.objects.exclude(pk=accepted.pk).first()
    for page in Page.objects.exclude(pk=accepted.pk).specific():
        for view in ("edit", "delete", "unpublish", "move", "copy", "history"):
            answer = partner.get(reverse(f"wagtailadmin_pages:{view}", args=[page.pk]))
            assert answer.status_code in (302, 403, 404), (view, page.title, answer.status_code)
    for model in ("initiativepage", "eventsubmissionpage"):
        parent = InitiativeIndexPage.objects.get() if model == "initiativepage" else None
        parent = parent or EventIndexPage.objects.get()
        app = "network" if model == "initiativepage" else "events"
        add = reverse("wagtailadmin_pages:add", args=[app, model, parent.pk])
        assert partner.get(add).status_code in (302, 403), model
    assert other_profile is not None


# What a partner reaches in the admin without an argument: its start page, the page explorer
# (its sections), search, its account and second factor, images for its logo, the choosers
# its forms use, and Wagtail's own scripts and sign-out.
PARTNER_SEES = {
    "wagtailadmin_home",
    "wagtailadmin_explore_root",
    "wagtailadmin_pages:search",
    "wagtailadmin_pages:search_results",
    "wagtailadmin_api:pages:listing",
    "wagtailadmin_account",
    "two_factor",
    "two_factor_verify",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "wagtailadmin_tag_autocomplete",
    "wagtailadmin_dismissibles",
    "wagtailimages:index",
    "wagtailimages:index_results",
    "wagtailimages:add",
    "wagtailimages:add_multiple",
    "wagtailimages_chooser:choose",
    "wagtailimages_chooser:choose_results",
    "wagtailimages_chooser:create",
    "wagtailimages_chooser:chosen_multiple",
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_search",
    "wagtailadmin_choose_page_chosen_multiple",
    "wagtailadmin_choose_page_external_link",
    "wagtailadmin_choose_page_email_link",
    "wagtailadmin_choose_page_phone_link",
    "wagtailadmin_choose_page_anchor_link",
    "wagtailsnippetchoosers_organisations_organisation:choose",
    "wagtailsnippetchoosers_organisations_organisation:choose_results",
    "wagtailsnippetchoosers_organisations_organisation:chosen_multiple",
    "wagtailembeds:chooser",
    "wagtailembeds:chooser_upload",
}
# Addresses of Wagtail's own that are the same for everyone: signed out or not.
ANYONE = {
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_complete",
    "/admin/test404/",
}


def test_every_admin_address_is_refused_to_a_partner_but_its_own_work(partner):
    reached = set()
    for name, path in admin_addresses():
        if name in ("wagtailadmin_logout", "wagtailadmin_error_test"):
            continue  # signing out; Wagtail's deliberate error for every admin user
        if partner.get(path).status_code == 200:
            reached.add(name or path)
    assert reached - PARTNER_SEES - ANYONE == set()
    assert {"wagtailadmin_home", "two_factor", "wagtailadmin_account"} <= reached


def test_the_office_invites_from_the_partner_accounts(office, django_capture_on_commit_callbacks):
    profile = InitiativePage.objects.get(slug="trudering-im-wandel")
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            reverse("partner_accounts"),
            {"profile": profile.pk, "name": "Ola Nowak", "email": "Ola@Example.org"},
        )
    assert response.status_code == 302
    (invitation,) = mail.outbox
    assert invitation.to == ["ola@example.org"]
    profile.refresh_from_db()
    assert profile.owner.email == "ola@example.org"
    assert "Trudering im Wandel" in office.get(reverse("partner_accounts")).content.decode()


def test_only_the_office_invites(client, home):
    staff(client, "redaktion", Group.objects.get(name="Editors"))
    assert client.get(reverse("partner_accounts")).status_code in (302, 403)


def test_inviting_again_keeps_one_account(db, django_capture_on_commit_callbacks):
    profile = InitiativePage.objects.get(slug="trudering-im-wandel")
    with django_capture_on_commit_callbacks(execute=True):
        first = invite_partner(profile, "Ola Nowak", "ola@example.org")
        again = invite_partner(profile, "Ola Nowak", " OLA@example.org ")
    assert first == again
    assert len(mail.outbox) == 2
    assert Organisation.objects.filter(name="Trudering im Wandel").exists()


def test_staff_invited_as_a_partner_keep_their_own_work(
    client, home, django_capture_on_commit_callbacks
):
    """Someone of the Office who is also a partner's contact person still reaches the Office's
    lists (only a partner's account and nothing more is kept to its own pages)."""
    staff(client, "buero-und-partner", Group.objects.get(name="Office"))
    user = get_user_model().objects.get(username="buero-und-partner")
    profile = InitiativePage.objects.get(slug="trudering-im-wandel")
    with django_capture_on_commit_callbacks(execute=True):
        assert invite_partner(profile, "Büro", user.email) == user
    assert client.get(reverse("partner_applications:index")).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[profile.pk])).status_code == 200


# Approval publishes what was reviewed (cms.workflows.publish_approved).


def submitted(partner, profile, teaser):
    edit = reverse("wagtailadmin_pages:edit", args=[profile.pk])
    values = form_values(partner.get(edit).content.decode())
    values.update({"teaser": teaser, "action-submit": "1"})
    assert partner.post(edit, values).status_code == 302
    return WorkflowState.objects.get(object_id=str(profile.pk), status="in_progress")


def approve(state):
    office_user = get_user_model().objects.get(username="buero")
    state.current_task_state.task.specific.on_action(
        state.current_task_state, office_user, "approve"
    )


def test_approval_publishes_the_revision_the_office_saw(partner, accepted):
    """The reported attack: a draft with unwanted text, a harmless revision submitted, then
    the unwanted one brought back through the admin API while the page waits."""
    edit = reverse("wagtailadmin_pages:edit", args=[accepted.pk])
    values = form_values(partner.get(edit).content.decode())
    values.update({"teaser": "Kauft bei uns Bitcoin!"})
    assert partner.post(edit, values).status_code == 302  # saved as a draft
    unwanted = accepted.get_latest_revision()
    state = submitted(partner, accepted, "Wir reparieren jeden dritten Samstag.")
    revert = f"/admin/api/main/pages/{accepted.pk}/action/revert_to_page_revision/"
    answer = partner.post(revert, {"revision_id": unwanted.pk}, content_type="application/json")
    assert answer.status_code == 403  # no actions through the admin API for partners
    # Had a revision been added meanwhile all the same, approval takes the reviewed one.
    unwanted.as_object().save_revision(user=unwanted.user)
    approve(state)
    accepted.refresh_from_db()
    assert accepted.live and accepted.teaser == "Wir reparieren jeden dritten Samstag."


def test_approval_with_the_reviewers_own_changes_publishes_them(partner, accepted, client):
    state = submitted(partner, accepted, "Wir reparieren jeden dritten Samstag.")
    office_user = get_user_model().objects.get(username="buero")
    page = accepted.get_latest_revision().as_object()
    page.teaser = "Wir reparieren jeden dritten Samstag, ab 10 Uhr."
    page.save_revision(user=office_user)  # as the editor does before its approve action
    approve(state)
    accepted.refresh_from_db()
    assert accepted.teaser == "Wir reparieren jeden dritten Samstag, ab 10 Uhr."


def test_a_partner_adds_and_submits_in_the_german_tree_only(partner, accepted):
    english = Locale.objects.get(language_code="en")
    for index in (InitiativeIndexPage.objects.get(), EventIndexPage.objects.get()):
        index.copy_for_translation(english, copy_parents=True).save_revision().publish()
    open_sections_to_partners()  # as the next invitation does
    partners = Group.objects.get(name="Partners")
    granted = GroupPagePermission.objects.filter(group=partners)
    assert granted.exists()
    assert not granted.exclude(page__locale__language_code="de").exists()
    assert not WorkflowPage.objects.exclude(page__locale__language_code="de").exists()


def test_copying_its_own_profile_is_refused_with_a_message(partner, accepted):
    copy = reverse("wagtailadmin_pages:copy", args=[accepted.pk])
    answer = partner.post(
        copy,
        {
            "new_title": "Zweites Profil",
            "new_slug": "zweites",
            "new_parent_page": accepted.get_parent().pk,
        },
        follow=True,
    )
    assert answer.status_code == 200
    assert "kann diese Seite nicht kopieren" in answer.content.decode()
    assert not InitiativePage.objects.filter(slug="zweites").exists()
