from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from cms.models import OPEN_STATUSES, ReviewStatus
from organisations.models import Organisation

from .choices import Sector
from .emails import send_application_emails, send_decision_email, send_signup_emails
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
    """Act on the office's decision: an accepted partner gets its Organisation and a draft
    profile for the editors to complete; either way the applicant is told, once."""
    if application.status == ReviewStatus.ACCEPTED:
        create_draft_profile(application)
    if application.status in (ReviewStatus.ACCEPTED, ReviewStatus.DECLINED):
        transaction.on_commit(lambda: send_decision_email.enqueue(application.pk))


def create_draft_profile(application):
    organisation, _created = Organisation.objects.get_or_create(
        name=application.organisation_name,
        defaults={"kind": SECTOR_KINDS[application.sector], "website": application.website},
    )
    index = InitiativeIndexPage.objects.first()
    if index is None or InitiativePage.objects.filter(organisation=organisation).exists():
        return
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
