import calendar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .emails import send_templated_email


class ReviewStatus(models.TextChoices):
    """Where the office stands with a submission."""

    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


OPEN_STATUSES = [ReviewStatus.NEW, ReviewStatus.IN_REVIEW]


class Submission(models.Model):
    """What a public form stores: consent, the office's notes, and which emails went out.

    Subclasses define `status` and OFFICE_MOVES: from each status, the statuses the office may
    set by hand in the admin (cms.viewsets.StatusForm offers nothing else). It is a permission,
    not an order: other moves are the visitor's own act (confirming a subscription) or the
    site's (a seat coming free), so a rank (ForwardOnly, for what outside events report) would
    allow too much here."""

    OFFICE_MOVES = {}

    consented_at = models.DateTimeField(_("consent given at"))
    notes = models.TextField(_("internal notes"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def send_once(self, sent_at_field, template, context, **message):
        """Send an email unless sent_at_field records that it went out already, so that a
        task run again after a failure sends only what is missing."""
        if getattr(self, sent_at_field) is None:
            send_templated_email(template, context, **message)
            setattr(self, sent_at_field, timezone.now())
            self.save(update_fields=[sent_at_field])


class ReviewedSubmission(Submission):
    """A submission the office decides on: a partner application, a Manufaktur sign-up."""

    # The office reviews forward: new → in review → accepted or declined.
    OFFICE_MOVES = {
        ReviewStatus.NEW: [ReviewStatus.IN_REVIEW, ReviewStatus.ACCEPTED, ReviewStatus.DECLINED],
        ReviewStatus.IN_REVIEW: [ReviewStatus.ACCEPTED, ReviewStatus.DECLINED],
        ReviewStatus.ACCEPTED: [],
        ReviewStatus.DECLINED: [],
    }

    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.NEW
    )
    notification_sent_at = models.DateTimeField(_("notification sent"), null=True, blank=True)

    class Meta(Submission.Meta):
        abstract = True


class PrivacyRequest(models.Model):
    """A person's request to see or erase their data: open from the day it came in until the
    office carries it out, within a month (GDPR Art. 12(3)); then the log that shows it was
    answered (Art. 5(2)), naming the person only by a digest of the address."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export")
        ERASE = "erase", _("Erasure")

    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    # The address only while the request is open: carrying it out is what it is kept for.
    email = models.EmailField(_("email address"), max_length=254, blank=True)
    email_digest = models.CharField(_("address (digest)"), max_length=16)
    received_on = models.DateField(_("received"), default=timezone.localdate)
    counts = models.JSONField(_("records"), default=dict)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        on_delete=models.SET_NULL,
    )
    handled_at = models.DateTimeField(_("handled"), null=True)

    class Meta:
        ordering = ["-handled_at"]
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")

    def __str__(self):
        return f"{self.get_kind_display()} {self.email_digest}"

    @property
    def due_on(self):
        """A month after it came in: the same day of the next month, or that month's last."""
        start = self.received_on
        year, month = start.year + start.month // 12, start.month % 12 + 1
        return start.replace(
            year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1])
        )


class SampleContent(models.Model):
    """Demo entries say that they are examples, so nobody mistakes them for facts: a small badge
    on the page and its cards (includes/sample_badge.html), never a sentence in the text."""

    is_sample = models.BooleanField(
        _("sample entry"),
        default=False,
        help_text=_("Marks the page and its cards as sample content, not real information."),
    )

    class Meta:
        abstract = True


class PageImage(models.Model):
    """The picture at the top of a page and on its cards: cropped around the focal point set
    in the image library, described for this use (what it shows here), and a description is
    required once an image is set (WCAG 1.1.1)."""

    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top, in lists and when the page is shared."),
    )
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    # Joined when a section routes to the page (cms.pages.ListingPage.route): every page
    # shows its image, in its head and at its top.
    read_with = ("image",)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )


class ForwardOnly:
    """State fields that only move forward: outside events come late, twice and in any order,
    so a field moves only to a value of higher rank (RANKS: field, then value to rank), never
    back. advance() saves the field it moved, and says whether it moved. (What the office may
    set by hand is Submission.OFFICE_MOVES, a permission rather than an order.)"""

    RANKS = {}

    def advance(self, value, field="status"):
        ranks = self.RANKS[field]
        if ranks[value] <= ranks[getattr(self, field)]:
            return False
        setattr(self, field, value)
        self.save(update_fields=[field])
        return True


class Counter(models.Model):
    """Rate-limit and lockout counters (cms.forms.count). They live in the database, not in the
    cache: the cache evicts entries under pressure (a flood of page requests emptied a login
    lockout there), a table keeps each until it expires. Keys hold visitors' addresses, so
    expired rows go with the privacy purge."""

    key = models.CharField(max_length=200, primary_key=True)
    value = models.PositiveIntegerField()
    expires_at = models.FloatField()  # Unix time: compared the same way on every database

    def __str__(self):
        return f"{self.key}: {self.value}"
