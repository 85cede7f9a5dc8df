"""The site's access model (docs/security.md) as a table, walked: every address the site serves
has a decision below, or this test fails; each address without arguments is asked by every
role, and reaches exactly the roles its decision names. Addresses with arguments (a page, a
record, a token) are decided by the code named in their entry and shown by their own tests;
here, no admin one opens to someone signed out or owing the second step.

The roles: signed out, a password-only session (an Office member who has not typed the code),
a partner's account, each staff group, a superuser."""

import fnmatch
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from tests.helpers import sign_in
from tests.project import addresses, admin_addresses, path_of, takes_arguments

pytestmark = pytest.mark.django_db

ANONYMOUS, PASSWORD_ONLY, PARTNER = "signed out", "password only", "partner"
EDITORS, OFFICE, FINANCE, SUPERUSER = "Editors", "Office", "Finance", "superuser"
ROLES = (ANONYMOUS, PASSWORD_ONLY, PARTNER, EDITORS, OFFICE, FINANCE, SUPERUSER)

# Who reaches an address (answers 200), by role.
ANYONE = frozenset(ROLES)
STAFF = frozenset({EDITORS, OFFICE, FINANCE, SUPERUSER})
STAFF_AND_PARTNERS = STAFF | {PARTNER}
SIGNED_IN = STAFF_AND_PARTNERS | {PASSWORD_ONLY}  # the second step's own pages
WRITERS = frozenset({EDITORS, SUPERUSER})  # pages, images, documents, snippets
OFFICE_WORK = frozenset({OFFICE, SUPERUSER})  # people's submissions, subscribers, privacy
MONEY = frozenset({FINANCE, SUPERUSER})  # donations, payments, receipts, bank statements
ADMINISTRATORS = frozenset({SUPERUSER})  # users, groups, sites, workflows, redirects
NOBODY = frozenset()  # e.g. "add" of a read-only list: refused to all
PUBLIC = "public"  # the same answer for everyone (outside the admin)

# The decisions, first match wins: (address names, who, where the code decides). A pattern
# with an argument is walked only as "no admin address opens to the signed out".
DECISIONS = [
    # The admin's doors: sign-in, its second step, the password reset, Wagtail's scripts.
    ("wagtailadmin_login", {ANONYMOUS}, "Wagtail; accounts.forms (the login's brakes)"),
    ("two_factor*", SIGNED_IN, "accounts.two_factor"),
    ("sign_in_link", PUBLIC, "accounts.sign_in: a signed link, once, by POST"),
    ("wagtailadmin_password_reset*", ANYONE - {PARTNER, PASSWORD_ONLY}, "Wagtail; accounts.forms"),
    ("wagtailadmin_javascript_catalog", ANYONE, "Wagtail: translations of its scripts"),
    ("wagtailadmin_sprite", ANYONE, "Wagtail: its icons"),
    ("wagtailadmin_logout", SIGNED_IN, "Wagtail"),
    # Everyone in the admin: start page, account, choosers the forms use.
    ("wagtailadmin_home", STAFF_AND_PARTNERS, "Wagtail; accounts.middleware for partners"),
    ("wagtailadmin_account*", STAFF_AND_PARTNERS, "Wagtail"),
    ("wagtailadmin_dismissibles", STAFF_AND_PARTNERS, "Wagtail"),
    ("wagtailadmin_tag_*autocomplete", STAFF_AND_PARTNERS, "Wagtail"),
    ("wagtailadmin_editing_sessions:*", STAFF_AND_PARTNERS, "Wagtail: who edits a page now"),
    ("wagtail_bulk_action", WRITERS, "Wagtail: each action asks the permissions"),
    ("wagtailadmin_choose_page*", STAFF_AND_PARTNERS, "Wagtail: pages the user may see"),
    ("wagtailadmin_api:pages:listing", STAFF_AND_PARTNERS, "Wagtail; accounts.middleware"),
    ("wagtailadmin_api:pages:detail", STAFF_AND_PARTNERS, "Wagtail; accounts.middleware"),
    ("wagtailadmin_api:*:find", NOBODY, "Wagtail (needs a query)"),
    ("wagtailadmin_api:*", STAFF, "Wagtail; partners: no admin API action"),
    ("wagtailembeds:*", STAFF_AND_PARTNERS, "Wagtail"),
    ("wagtailimages_chooser:create", WRITERS | {PARTNER}, "Wagtail's image permissions"),
    ("wagtailimages_chooser:*", STAFF_AND_PARTNERS, "Wagtail"),
    ("wagtailimages:*", WRITERS | {PARTNER}, "Wagtail's image permissions (a logo)"),
    ("wagtailsnippetchoosers_organisations_organisation:create", WRITERS, "Wagtail"),
    ("wagtailsnippetchoosers_organisations_organisation:*", STAFF_AND_PARTNERS, "Wagtail"),
    ("wagtailsnippetchoosers_*:create", WRITERS, "Wagtail's snippet permissions"),
    ("wagtailsnippetchoosers_*", STAFF, "Wagtail"),
    ("wagtaildocs_chooser:create", WRITERS, "Wagtail's document permissions"),
    ("wagtaildocs_chooser:*", STAFF, "Wagtail"),
    ("/admin/test404/", STAFF, "Wagtail"),
    ("/admin/.*/", NOBODY, "Wagtail: an address it does not know"),
    ("wagtailadmin_error_test", NOBODY, "Wagtail: its deliberate error"),
    # Pages, images, documents, snippets, forms: the writers (Wagtail's permissions).
    ("wagtailadmin_explore*", WRITERS, "Wagtail's page permissions; partners: their pages"),
    ("wagtailadmin_pages:*", WRITERS, "Wagtail's page permissions; cms.wagtail_hooks"),
    ("wagtailadmin_reports:site_history*", STAFF, "Wagtail: the history of what each may see"),
    ("wagtailadmin_reports:locked_pages*", ADMINISTRATORS, "Wagtail"),
    ("wagtailadmin_reports:*", WRITERS, "Wagtail's page permissions"),
    ("wagtailadmin_block_preview", NOBODY, "Wagtail (needs a block)"),
    ("wagtaildocs:*", WRITERS, "Wagtail's document permissions"),
    ("wagtailforms:*", WRITERS, "Wagtail: answers of pages the user may edit"),
    ("wagtailsnippets:index", NOBODY, "Wagtail: leads to each snippet's list"),
    ("wagtailsnippets_*", WRITERS, "Wagtail's snippet permissions"),
    ("simple_translation:*", WRITERS, "wagtail.contrib.simple_translation: Editors"),
    ("interests:*", WRITERS | OFFICE_WORK, "newsletter.wagtail_hooks"),
    ("wagtailadmin_workflows:task_chooser*", STAFF, "Wagtail"),
    ("wagtailadmin_workflows:select_task_type", NOBODY, "Wagtail (one task type)"),
    ("wagtailadmin_workflows:*", ADMINISTRATORS, "Wagtail"),
    # The site's set-up: superusers.
    ("wagtailadmin_collections:*", ADMINISTRATORS, "Wagtail"),
    ("wagtaillocales:add", NOBODY, "Wagtail: both languages are there"),
    ("wagtaillocales:*", ADMINISTRATORS, "Wagtail"),
    ("wagtailredirects:process_import", NOBODY, "Wagtail (a POST)"),
    ("wagtailredirects:*", ADMINISTRATORS, "Wagtail"),
    ("wagtailsites:*", ADMINISTRATORS, "Wagtail"),
    ("wagtailsettings:*", ADMINISTRATORS | MONEY, "Wagtail; receipt settings: Finance"),
    ("wagtailusers_*", ADMINISTRATORS, "Wagtail"),
    # The office's records: the Office group (cms.viewsets, each app's wagtail_hooks).
    ("*:add", NOBODY, "cms.viewsets: records come from the site's forms"),
    ("consent_records:*", OFFICE_WORK, "newsletter.wagtail_hooks"),
    ("subscribers:*", OFFICE_WORK, "newsletter.wagtail_hooks"),
    ("newsletter_*", OFFICE_WORK, "newsletter.wagtail_hooks"),
    ("registrations:*", OFFICE_WORK, "events.wagtail_hooks"),
    ("event_submissions:*", OFFICE_WORK, "events.wagtail_hooks"),
    ("partner_*", OFFICE_WORK, "network.wagtail_hooks"),
    ("manufaktur_signups:*", OFFICE_WORK, "network.wagtail_hooks"),
    ("privacy_requests", OFFICE_WORK, "cms.admin_views"),
    # Money: the Finance group (books.viewsets, books.admin_views).
    ("donations:*", MONEY, "books.viewsets"),
    ("payments:*", MONEY, "books.viewsets"),
    ("receipts:*", MONEY, "books.viewsets"),
    ("bank_entries:*", MONEY, "books.viewsets"),
    ("waiting_stripe_events:*", MONEY, "books.viewsets"),
    # The public site: the same for everyone who is not signed in all the way.
    ("wagtail_serve", PUBLIC, "cms.pages.visible and view_restrictions, per viewer"),
    ("wagtailcore_*", PUBLIC, "Wagtail: a private section's password form and login"),
    ("wagtaildocs_*", PUBLIC, "Wagtail: a document's collection privacy"),
    ("wagtailapi:*", PUBLIC, "cms.api: cms.pages.visible, the same for everyone"),
    ("image_file", PUBLIC, "cms.views: images only"),
    ("search", PUBLIC, "cms.pages.visible"),
    ("sitemap", PUBLIC, "cms.pages.PagesSitemap"),
    ("report_feed", PUBLIC, "cms.pages.published"),
    ("robots_txt", PUBLIC, "home.views"),
    ("open_data", PUBLIC, "cms.views"),
    ("form_token", PUBLIC, "cms.views: a form's time, nobody's data"),
    ("health", PUBLIC, "cms.views: ok or not, nothing about anyone"),
    ("donation_manage_request", PUBLIC, "books.views: a link by mail"),
    # Opened by a token of the site's (signed, per person or event) or a provider's signature.
    ("newsletter_confirm", PUBLIC, "newsletter.views: the mailed token; POST changes"),
    ("newsletter_unsubscribe", PUBLIC, "newsletter.views: the mailed token"),
    ("newsletter_preferences", PUBLIC, "newsletter.views: the mailed token"),
    ("event_checkin", PUBLIC, "events.views: the helpers' signed link"),
    ("event_checkin_admin", OFFICE_WORK, "events.views: the check-in list in the admin"),
    ("donation_manage", PUBLIC, "books.views: the mailed token"),
    ("donation_receipt", PUBLIC, "books.views: the mailed token, own receipts"),
    ("stripe_webhook", PUBLIC, "donations.webhooks: Stripe's signature"),
    ("anymail:*", PUBLIC, "newsletter.tracking: the provider's secret"),
]


def decision(name):
    for pattern, who, where in DECISIONS:
        if fnmatch.fnmatchcase(name, pattern):
            return who, where
    return None


@pytest.fixture
def clients(db):
    """A client signed in as each role (staff and partners with both steps taken)."""
    users = get_user_model().objects
    made = {ANONYMOUS: Client()}
    for role, group in [(PARTNER, "Partners"), (EDITORS, "Editors"), (OFFICE, "Office"),
                        (FINANCE, "Finance")]:  # fmt: skip
        user = users.create_user(f"rolle-{group}".lower(), f"{group}@example.org", "pw")
        user.groups.add(Group.objects.get(name=group))
        made[role] = sign_in(Client(), user)
    made[SUPERUSER] = sign_in(Client(), users.create_superuser("chefin", "c@example.org", "pw"))
    halfway = users.create_user("nur-passwort", "p@example.org", "pw")
    halfway.groups.add(Group.objects.get(name="Office"))
    made[PASSWORD_ONLY] = Client()
    made[PASSWORD_ONLY].force_login(halfway)  # the password typed, not the code
    return made


def test_every_address_has_a_decision():
    undecided = sorted(
        {name or route for name, route in addresses() if decision(name or path_of(route)) is None}
    )
    assert undecided == [], "add each to DECISIONS (and to docs/security.md where it is new)"


def test_each_role_reaches_what_its_decision_names_and_nothing_else(clients):
    wrong = []
    for name, path in admin_addresses():
        if name in ("wagtailadmin_logout", "wagtailadmin_error_test"):
            continue  # would end the session; raises on purpose
        who, _where = decision(name or path)
        reached = {role for role, client in clients.items() if client.get(path).status_code == 200}
        if reached != who:
            wrong.append((name or path, sorted(reached), sorted(who)))
    assert wrong == []


def test_public_addresses_answer_everyone_alike(clients):
    """Outside the admin, without arguments: the same answer whoever asks (the API too, which
    proxies cache for everyone)."""
    for name, route in addresses():
        if route.startswith("admin/") or takes_arguments(route.lstrip("^").rstrip("$")):
            continue
        assert decision(name)[0] == PUBLIC, name
        answers = {
            role: (response.status_code, comparable(response.content))
            for role, client in clients.items()
            if (response := client.get(path_of(route)))
        }
        if name == "wagtailcore_login":  # for a private section; owing the code: to the code
            assert answers.pop(PASSWORD_ONLY)[0] == 302
        if name != "form_token":  # a fresh time for each asker
            assert len(set(answers.values())) == 1, name


CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def comparable(content):
    """The answer less what is the asker's own: the userbar, a form's CSRF token."""
    content = CSRF_TOKEN.sub(b"", USERBAR.sub(b"", content))
    return b"\n".join(line for line in content.splitlines() if line.strip())


ARGUMENT = re.compile(r"<(?:(\w+):)?\w+>")
# Wagtail's userbar, which staff and partners see on public pages (never cached for them).
USERBAR = re.compile(
    rb"<!-- Wagtail user bar embed code -->.*?<!-- end Wagtail user bar.*?-->", re.S
)


def test_no_admin_address_opens_to_the_signed_out_or_a_password_alone(clients):
    """Admin addresses with arguments, each argument 1: refused before any permission is
    asked, whatever the argument names."""
    for name, route in addresses():
        if not route.startswith("admin/") or "(" in route or name == "sign_in_link":
            continue
        path = path_of(ARGUMENT.sub("1", route))
        who, _where = decision(name or path)
        for role in {ANONYMOUS, PASSWORD_ONLY} - who:
            answer = clients[role].get(path, follow=True)
            if answer.redirect_chain:
                final = answer.redirect_chain[-1][0]
                assert "/login/" in final or "/zwei-faktoren/" in final, (name, role, final)
            else:
                assert answer.status_code in (404, 405), (name, role, answer.status_code)
