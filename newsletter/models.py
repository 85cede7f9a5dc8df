"""The newsletter: subscribers with double opt-in and a proof of each consent.

German law (UWG § 7, GDPR Art. 7) wants consent that can be proven: who asked, when, on which
page, for which text, and when they confirmed through the link only they received. So a
subscriber stays pending until the link is opened, and confirming writes a ConsentRecord that
is never edited afterwards.
"""

import hashlib
import re
import secrets
from collections import Counter
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from cms.models import SampleContent
from cms.pages import FormPageMixin, ListingPage, page_of
from home.models import SiteSettings

from .blocks import NewsletterBlock
from .forms import SubscribeForm

CONFIRM_SALT = "newsletter.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # a confirmation link works for seven days
PREFERENCES_SALT = "newsletter.preferences"
ISSUES_PER_PAGE = 12
# Addresses on this site written as paths ("/berichte/…"): an email needs them absolute.
RELATIVE_ADDRESS = re.compile(r'(href|src)="/(?!/)')


def new_token():
    return secrets.token_urlsafe(24)


class NewsletterIndexPage(FormPageMixin, ListingPage):
    """Subscribe here (every page's footer posts to this page too) and read past issues."""

    query_parameters = ("page",)  # cms/cache/parameters.py

    consent_text = models.TextField(
        _("consent text"),
        default=(
            "Ich möchte den Newsletter der Münchner Initiative Nachhaltigkeit per E-Mail "
            "erhalten. Meine Einwilligung kann ich jederzeit über den Abmeldelink in jeder "
            "Ausgabe widerrufen."
        ),
        help_text=_(
            "Shown beside the checkbox. Each subscriber's proof of consent keeps the exact text "
            "they agreed to."
        ),
    )
    thank_you = models.TextField(
        _("thank-you text"),
        default=(
            "Fast geschafft! Wir haben Ihnen eine E-Mail geschickt. Bitte öffnen Sie den Link "
            "darin, um Ihr Abonnement zu bestätigen. Erst dann erhalten Sie den Newsletter."
        ),
    )

    choose_interests = models.BooleanField(
        _("a topic must be chosen"),
        default=False,
        help_text=_(
            "Off: a visitor who chooses no topic gets every issue. On: the form asks for at "
            "least one (the footer's short form then leads to this page's full form)."
        ),
    )
    welcome_mail = models.BooleanField(
        _("send a welcome mail"),
        default=False,
        help_text=_("Once, to each new subscriber, right after they confirm."),
    )
    welcome_subject = models.CharField(
        _("subject of the welcome mail"),
        max_length=150,
        default="Willkommen beim Newsletter der Münchner Initiative Nachhaltigkeit",
    )
    welcome_text = models.TextField(
        _("text of the welcome mail"),
        default=(
            "schön, dass Sie dabei sind! Mit dem Newsletter erfahren Sie von unseren "
            "Werkstattgesprächen, Veranstaltungen und Förderfristen."
        ),
        help_text=_(
            "After the greeting. The mail adds the links to change the interests and to "
            "unsubscribe."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("consent_text"), FieldPanel("choose_interests"), FieldPanel("thank_you")],
            heading=_("Subscription"),
        ),
        MultiFieldPanel(
            [FieldPanel("welcome_mail"), FieldPanel("welcome_subject"), FieldPanel("welcome_text")],
            heading=_("Welcome mail"),
        ),
    ]

    subpage_types = ["newsletter.NewsletterPage"]
    max_count = 1
    # Every page's footer has the form and the ways to take part name it: the menu keeps to
    # the sections.
    show_in_menus_default = False
    form_class = SubscribeForm
    form_submitted = "newsletter.services.subscription_submitted"

    class Meta:
        verbose_name = _("newsletter page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        issues = self.listed().order_by("-first_published_at")
        context["issues"] = page_of(request, issues, ISSUES_PER_PAGE)
        return context

    def get_form_kwargs(self):
        return {
            "consent_text": self.consent_text,
            "interests": Interest.objects.offered(),
            "interest_required": self.rules.choose_interests,
        }


class IssueEmail(NamedTuple):
    subject: str
    text: str
    html: str
    reply_to: list


class NewsletterPage(SampleContent, Page):
    """One issue: written like any page, read in the archive, and sent as an email."""

    preheader = models.CharField(
        _("preview text"),
        max_length=150,
        blank=True,
        help_text=_("Many mail programs show it after the subject."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(NewsletterBlock(), verbose_name=_("content"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("is_sample"),
        FieldPanel("preheader"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["newsletter.NewsletterIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        permissions = [("send_newsletterpage", _("Can send newsletter issues"))]

    def render_email(self, merge):
        """The issue as an email. merge holds what differs per recipient (greeting,
        unsubscribe_url): real values for a test mail, the provider's merge fields for a
        batch. Replies go to the office, not to a no-reply address."""
        base_url = self.get_site().root_url
        site_settings = SiteSettings.for_site(self.get_site())
        html_blocks, text_blocks = [], []
        with translation.override("de"):
            for block in self.body:
                context = block.block.get_context(block.value)
                name = f"newsletter/email/blocks/{block.block_type}"
                html_blocks.append(render_to_string(f"{name}.html", context))
                text_blocks.append(render_to_string(f"{name}.txt", context, using="text").strip())
            context = {"issue": self, "merge": merge, "site_settings": site_settings}
            html = render_to_string(
                "newsletter/email/issue.html", {**context, "blocks": html_blocks}
            )
            text = render_to_string(
                "newsletter/email/issue.txt", {**context, "blocks": text_blocks}, using="text"
            )
        return IssueEmail(
            subject=self.title,
            text=text,
            html=RELATIVE_ADDRESS.sub(rf'\1="{base_url}/', html),
            reply_to=[site_settings.contact_email] if site_settings.contact_email else [],
        )


class InterestQuerySet(models.QuerySet):
    def offered(self):
        return self.filter(active=True)


class Interest(models.Model):
    """A topic of the newsletter ("Veranstaltungen", "Förderfristen") that subscribers choose
    and an issue may go to. Retired rather than deleted: subscribers and proofs name it."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.CharField(
        _("description"),
        max_length=200,
        blank=True,
        help_text=_("Shown beside the checkbox; the proof of consent keeps it as shown."),
    )
    active = models.BooleanField(
        _("offered"), default=True, help_text=_("Retired topics are no longer offered.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")

    def __str__(self):
        return self.name

    def as_shown(self):
        """What the subscriber saw, for the proof of consent."""
        return {"name": self.name, "description": self.description}


class SubscriberQuerySet(models.QuerySet):
    def recipients(self, interests=()):
        """The confirmed subscribers an issue to these interests reaches (none: everyone):
        those who chose no interest, and those who chose one of them."""
        confirmed = self.filter(status=Subscriber.Status.CONFIRMED)
        if not interests:
            return confirmed
        chose = Subscriber.interests.through.objects.filter(subscriber=models.OuterRef("pk"))
        return confirmed.filter(
            ~models.Exists(chose) | models.Exists(chose.filter(interest__in=interests))
        )


class Subscriber(models.Model):
    """One address on the list, in whatever state it is now. Without interests it gets every
    issue; with some, the issues sent to everyone or to one of them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Address does not work")
        COMPLAINED = "complained", _("Marked as spam")

    # The office only ends a subscription (on request): confirming is the subscriber's own act.
    OFFICE_MOVES = {
        Status.PENDING: [Status.UNSUBSCRIBED],
        Status.CONFIRMED: [Status.UNSUBSCRIBED],
        Status.UNSUBSCRIBED: [],
        Status.BOUNCED: [],
        Status.COMPLAINED: [],
    }

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    notes = models.TextField(_("internal notes"), blank=True)
    # Opaque and personal: the unsubscribe link in every issue.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("first request"), auto_now_add=True)

    # The pending request, until it is confirmed (then a ConsentRecord keeps it).
    requested_at = models.DateTimeField(_("requested"), null=True, blank=True)
    source_url = models.URLField(_("requested on page"), max_length=500, blank=True)
    consent_text = models.TextField(_("consent text agreed to"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    # A new nonce for each confirmation mail: a link works once, and only the latest one.
    confirmation_nonce = models.CharField(max_length=32, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(_("confirmation mail sent"), null=True, blank=True)
    confirmation_mail_version = models.CharField(max_length=20, blank=True, editable=False)

    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    # The sending whose issue the subscriber had last received when they left: the issue's
    # report counts the unsubscribes it caused.
    unsubscribed_after = models.ForeignKey(
        "Sending",
        verbose_name=_("unsubscribed after"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unsubscribes",
        editable=False,
    )
    interests = models.ManyToManyField(
        Interest, verbose_name=_("interests"), blank=True, related_name="subscribers"
    )
    welcomed_at = models.DateTimeField(_("welcome mail sent"), null=True, blank=True)
    # The import that brought the address, without a proof of consent: not subscribed until
    # it confirms the re-permission mail.
    imported_by = models.ForeignKey(
        "SubscriberImport",
        verbose_name=_("imported without a proof by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unproven",
        editable=False,
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return self.email

    def confirmation_token(self):
        return signing.dumps({"s": self.pk, "n": self.confirmation_nonce}, salt=CONFIRM_SALT)

    @classmethod
    def from_confirmation_token(cls, token):
        """The pending subscriber the token was made for, if it is still valid; else None."""
        try:
            data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        except signing.BadSignature:  # also signing.SignatureExpired
            return None
        if not data.get("n"):
            return None
        return cls.objects.filter(
            pk=data.get("s"), confirmation_nonce=data["n"], status=cls.Status.PENDING
        ).first()

    def confirmation_path(self):
        return reverse("newsletter_confirm", args=[self.confirmation_token()])

    def unsubscribe_path(self):
        return reverse("newsletter_unsubscribe", args=[self.token])

    def preferences_path(self):
        """The subscriber's own page to change interests and name, or to leave: signed, and
        bound to the subscriber's token, so a new token ends every old link."""
        token = signing.dumps({"s": self.pk, "t": self.token[:16]}, salt=PREFERENCES_SALT)
        return reverse("newsletter_preferences", args=[token])

    @classmethod
    def from_preferences_token(cls, token):
        try:
            data = signing.loads(token, salt=PREFERENCES_SALT)
        except signing.BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("t"), str) or not data["t"]:
            return None
        return cls.objects.filter(pk=data.get("s"), token__startswith=data["t"]).first()


class ConsentRecord(models.Model):
    """The proof of one consent, written once and never changed: what was agreed to (the text
    and each interest as shown), where, when, and from which browser. A subscription confirmed
    by its link, a change of interests on the subscriber's own page, or a consent given
    elsewhere and imported with its provenance as the office had it."""

    class Kind(models.TextChoices):
        OPT_IN = "opt_in", _("Confirmed by double opt-in")
        PREFERENCES = "preferences", _("Interests changed by the subscriber")
        IMPORT = "import", _("Imported with its proof")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OPT_IN)
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="consents",
    )
    email = models.EmailField(_("email address"))
    requested_at = models.DateTimeField(_("requested"))
    confirmed_at = models.DateTimeField(_("confirmed"))
    source_url = models.URLField(_("requested on page"), max_length=500, blank=True)
    source = models.CharField(_("source as given"), max_length=200, blank=True)
    consent_text = models.TextField(_("consent text agreed to"))
    # [{"name", "description"}] as shown; empty: every topic, none having been chosen.
    interests = models.JSONField(_("interests agreed to"), default=list, blank=True)
    consent_text_version = models.CharField(_("version of the consent text"), max_length=20)
    confirmation_mail_version = models.CharField(
        _("version of the confirmation mail"), max_length=20
    )
    request_ip_address = models.GenericIPAddressField(_("IP address of the request"), null=True)
    request_user_agent = models.CharField(_("browser of the request"), max_length=300, blank=True)
    confirm_ip_address = models.GenericIPAddressField(
        _("IP address of the confirmation"), null=True
    )
    confirm_user_agent = models.CharField(
        _("browser of the confirmation"), max_length=300, blank=True
    )

    class Meta:
        ordering = ["-confirmed_at"]
        verbose_name = _("proof of consent")
        verbose_name_plural = _("proofs of consent")

    def __str__(self):
        return f"{self.email} ({self.confirmed_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A proof of consent is written once and never changed.")
        self.consent_text_version = self.version_of(self.consent_text)
        super().save(*args, **kwargs)

    @staticmethod
    def version_of(consent_text):
        """The text's fingerprint: proofs for the same wording share a version."""
        return hashlib.sha256(consent_text.encode()).hexdigest()[:12]


class SubscriberImport(models.Model):
    """A list of subscribers the office brought from elsewhere (Mailchimp, a spreadsheet): read
    and checked first (each row with its outcome, shown for review), imported once. Rows with a
    proof of consent are subscribed with it; the others are kept, not subscribed, until one
    re-permission mail asks them (double opt-in) or the purge deletes them."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Checked, not imported")
        IMPORTED = "imported", _("Imported")

    file_name = models.CharField(_("file"), max_length=255)
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("Where the list comes from, e.g. “Mailchimp export, March 2026”."),
    )
    consent_text = models.TextField(_("consent text of the list"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEW
    )
    # [{line, email, name, interests, consent_date, consent_text, source, outcome, error}]
    rows = models.JSONField(default=list, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    repermission_sent_at = models.DateTimeField(_("re-permission mail sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber import")
        verbose_name_plural = _("subscriber imports")

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d})"

    def outcomes(self):
        """How many rows came out how: {outcome: count}."""
        return Counter(row["outcome"] for row in self.rows)


class Message(models.Model):
    """A service message to one audience (cms/audiences.py: an event's registrants, a
    Manufaktur's sign-ups, the accepted partners), sent through the same machinery as an issue:
    one delivery per person, resumable, never twice. It is not the newsletter: it needs no
    consent to marketing, carries no unsubscribe link, says why the person gets it, and goes
    to no address that bounced or complained."""

    audience = models.CharField(_("to"), max_length=60)
    audience_label = models.CharField(_("to"), max_length=300)
    reason = models.TextField(_("why they get it"))
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("text"), help_text=_("After the greeting. Plain text."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    # What a message another app writes tells ("event:12:change:…"): told once only.
    once = models.CharField(max_length=200, null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return self.subject

    def render_email(self, merge):
        """The message as an email; merge holds the greeting (a real one for a preview, the
        provider's merge field for a batch)."""
        site = Site.objects.get(is_default_site=True)
        site_settings = SiteSettings.for_site(site)
        context = {"message": self, "merge": merge, "site_settings": site_settings}
        with translation.override("de"):
            html = render_to_string("newsletter/email/message.html", context)
            text = render_to_string("newsletter/email/message.txt", context, using="text")
        return IssueEmail(
            subject=self.subject,
            text=text,
            html=html,
            reply_to=[site_settings.contact_email] if site_settings.contact_email else [],
        )


class Sending(models.Model):
    """An issue going out to the confirmed subscribers, all or those of chosen interests, now
    or at a set time; or a service message going to its audience. One per issue or message at
    most, so nothing is sent twice; its deliveries make the run resumable."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        DONE = "done", _("Sent")

    issue = models.OneToOneField(
        NewsletterPage,
        verbose_name=_("issue"),
        null=True,
        on_delete=models.PROTECT,
        related_name="sending",
    )
    message = models.OneToOneField(
        Message,
        verbose_name=_("message"),
        null=True,
        on_delete=models.PROTECT,
        related_name="sending",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    interests = models.ManyToManyField(
        Interest,
        verbose_name=_("interests"),
        blank=True,
        help_text=_("None: every confirmed subscriber."),
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Which worker runs it and when it last showed life: a second worker leaves it alone, and
    # takes over only when the first has been silent too long (it crashed).
    runner = models.CharField(max_length=32, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("sending")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(issue__isnull=True) ^ models.Q(message__isnull=True),
                name="sends_an_issue_or_a_message",
            )
        ]

    def __str__(self):
        return str(self.issue or self.message)

    def progress(self):
        """Deliveries per status, and the total."""
        counts = dict(
            self.deliveries.values_list("status").annotate(n=models.Count("pk")).order_by()
        )
        return {"total": sum(counts.values()), **counts}

    def report(self):
        """What became of the issue, in figures only (no one's opens or clicks are tracked):
        [(label, figure)]."""
        counts = self.progress()
        status = Delivery.Status
        reached = [status.SENT, status.DELIVERED, status.BOUNCED, status.COMPLAINED]
        reached += [status.UNSUBSCRIBED]
        rows = [
            (_("Recipients"), counts["total"] - counts.get(status.SKIPPED, 0)),
            (_("Handed to the provider"), sum(counts.get(s, 0) for s in reached)),
            (_("Delivered"), counts.get(status.DELIVERED, 0)),
            (_("Bounced"), counts.get(status.BOUNCED, 0)),
            (_("Marked as spam"), counts.get(status.COMPLAINED, 0)),
            (
                _("Failed or rejected"),
                counts.get(status.FAILED, 0) + counts.get(status.REJECTED, 0),
            ),
            (_("Unknown (sending was interrupted)"), counts.get(status.UNKNOWN, 0)),
        ]
        if self.issue_id:  # a service message has nothing to unsubscribe from
            left = self.unsubscribes.filter(status=Subscriber.Status.UNSUBSCRIBED)
            rows.append((_("Unsubscribed afterwards"), left.count()))
        return rows


class Delivery(models.Model):
    """One issue to one subscriber: whether it went out, and what the provider reported."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        SENDING = "sending", _("Handed to the provider")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped (unsubscribed meanwhile)")
        UNKNOWN = "unknown", _("Unknown (sending was interrupted)")
        FAILED = "failed", _("Failed")
        DELIVERED = "delivered", _("Delivered")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")
        REJECTED = "rejected", _("Rejected")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed at the provider")

    sending = models.ForeignKey(Sending, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    email = models.EmailField(_("email address"))
    # The greeting's name of a service message's recipient (a subscriber's is on the record).
    name = models.CharField(_("name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    message_id = models.CharField(_("provider's message id"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["sending", "email"], name="one_delivery_per_address")
        ]
        indexes = [
            models.Index(fields=["sending", "status"]),
            models.Index(fields=["message_id"]),
        ]

    def __str__(self):
        return f"{self.sending} → {self.email}"


class TrackingEvent(models.Model):
    """Each event the provider reported, stored once by its id: a webhook the provider repeats
    changes nothing twice."""

    event_id = models.CharField(max_length=255, unique=True)
    event_type = models.CharField(max_length=40)
    email = models.EmailField(blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.event_type} {self.email}"
