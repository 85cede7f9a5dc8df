from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from wagtail import hooks
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

from cms.models import OPEN_STATUSES, ReviewStatus
from cms.pages import german
from cms.translations import is_translation
from cms.workflows import PARTNER_WORKFLOW
from organisations.models import Organisation

from .choices import Sector
from .emails import (
    send_application_emails,
    send_decision_email,
    send_partner_invitation,
    send_signup_emails,
)
from .models import (
    InitiativeIndexPage,
    InitiativePage,
    PartnerApplication,
)

SECTOR_KINDS = {
    Sector.CIVIL_SOCIETY: Organisation.Kind.ASSOCIATION,
    Sector.BUSINESS: Organisation.Kind.BUSINESS,
    Sector.SCIENCE: Organisation.Kind.SCIENCE,
    Sector.OTHER: Organisation.Kind.ASSOCIATION,
}


def sign_up(manufaktur, data):
    """Store a sign-up, or find the open one this person already has; (signup, created).

    Emails go out after the commit, through the task queue, for new sign-ups only: a double
    click or a resubmit stores nothing and sends nothing again."""
    try:
        with transaction.atomic():
            signup = manufaktur.signups.create(
                name=data["name"],
                email=data["email"],
                contribution=data["contribution"],
                consented_at=timezone.now(),
            )
    except IntegrityError:
        existing = manufaktur.signups.get(email=data["email"], status__in=OPEN_STATUSES)
        return existing, False
    transaction.on_commit(lambda: send_signup_emails.enqueue(signup.pk))
    return signup, True


def signup_submitted(manufaktur, form):
    sign_up(manufaktur, form.cleaned_data)


def apply_as_partner(page, data):
    """Store an application, or find the open one of this organisation; (application, created).

    Emails go out after the commit, through the task queue, for new applications only."""
    fields = {name: data[name] for name in PartnerApplication.APPLICANT_FIELDS}
    try:
        with transaction.atomic():
            application = page.applications.create(**fields, consented_at=timezone.now())
    except IntegrityError:
        existing = PartnerApplication.objects.get(
            email=data["email"],
            organisation_name=data["organisation_name"],
            status__in=OPEN_STATUSES,
        )
        return existing, False
    transaction.on_commit(lambda: send_application_emails.enqueue(application.pk))
    return application, True


def application_submitted(page, form):
    apply_as_partner(page, form.cleaned_data)


@transaction.atomic
def decide(application):
    """Act on the office's decision: an accepted partner gets its Organisation, a draft profile
    and an account for its contact person to complete it; either way the applicant is told,
    once."""
    if application.status in (ReviewStatus.ACCEPTED, ReviewStatus.DECLINED):
        transaction.on_commit(lambda: send_decision_email.enqueue(application.pk))
    if application.status == ReviewStatus.ACCEPTED:
        profile = create_draft_profile(application)
        if profile is not None:
            invite_partner(profile, application.contact_name, application.email)


def create_draft_profile(application):
    organisation, _created = Organisation.objects.get_or_create(
        name=application.organisation_name,
        defaults={"kind": SECTOR_KINDS[application.sector], "website": application.website},
    )
    existing = german(InitiativePage.objects.filter(organisation=organisation)).first()
    index = german(InitiativeIndexPage.objects).first()
    if existing is not None or index is None:
        return existing
    profile = InitiativePage(
        title=organisation.name,
        organisation=organisation,
        teaser=Truncator(application.offers).chars(300),
        district=application.district,
        description=format_html("<p>{}</p>", application.offers),
        live=False,
    )
    index.add_child(instance=profile)
    profile.save_revision()
    return profile


# Partner accounts: the group and the Office's workflow come from migration network 0005.
PARTNERS = "Partners"


def partner_sections():
    """(section page, page types a partner may add under it), as the apps offer them through
    the hook "partner_sections": the profiles (a partner edits its own, adds none), the events
    (a partner adds its own). In the German tree only: translations are the Office's."""
    return [
        (page, page_types)
        for offer in hooks.get_hooks("partner_sections")
        for page, page_types in offer()
        if not is_translation(page)  # the German tree: the site's own (cms/translations.py)
    ]


def open_sections_to_partners():
    """Partners may add pages in each section, and so edit the pages they own there (Wagtail's
    "add" permission); what they submit goes to the Office's workflow, which approving
    publishes. Editors keep publishing directly."""
    partners = Group.objects.get(name=PARTNERS)
    workflow = Workflow.objects.get(name=PARTNER_WORKFLOW)
    add = Permission.objects.get(content_type__app_label="wagtailcore", codename="add_page")
    for page, _page_types in partner_sections():
        GroupPagePermission.objects.get_or_create(group=partners, page=page, permission=add)
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


@transaction.atomic
def invite_partner(profile, name, email):
    """The profile's contact person gets an account that owns the profile, and a mail with a
    link to set its password (the Office invites again with a new link)."""
    open_sections_to_partners()
    email = email.strip().lower()
    users = get_user_model().objects
    user = users.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = users.model(username=email[:150], email=email, first_name=name[:150])
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=PARTNERS))
    profile.owner = user
    profile.save(update_fields=["owner"])
    transaction.on_commit(lambda: send_partner_invitation.enqueue(user.pk, profile.pk))
    return user


def is_partner_only(user):
    """A partner's account and nothing more: someone of the Office or an editor who is also
    a partner's contact person keeps their own work. Asked up to three times in one admin
    request (middleware, menu, start page), looked up once per user object."""
    if not hasattr(user, "_partner_only"):
        user._partner_only = not user.is_superuser and set(
            user.groups.values_list("name", flat=True)
        ) == {PARTNERS}
    return user._partner_only
