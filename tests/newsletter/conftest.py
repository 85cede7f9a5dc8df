import pytest
from django.utils import timezone

from cms.pages import german
from newsletter.models import NewsletterIndexPage, NewsletterPage, Subscriber
from reports.models import ReportPage
from tests.helpers import SEED_SLUG


@pytest.fixture
def newsletter_page(db):
    return german(NewsletterIndexPage.objects).get()


@pytest.fixture
def issue(newsletter_page):
    """A published issue with text, the seed report, the next events and funding deadlines, and a
    call to action."""
    report = german(ReportPage.objects).get(slug=SEED_SLUG)
    issue = NewsletterPage(
        title="Newsletter Dezember: Müller & Co",
        slug="dezember",
        preheader="Was im Dezember ansteht",
        intro="Liebe Freundinnen und Freunde von MIN,\nhier ist unser Rückblick.",
        body=[
            {
                "type": "paragraph",
                "value": f'<p>Lesen Sie den <a id="{report.pk}" linktype="page">Bericht</a>.</p>',
            },
            {"type": "reports", "value": {"heading": "Neue Berichte", "reports": [report.pk]}},
            {"type": "events", "value": {"heading": "Kommende Veranstaltungen", "count": 2}},
            {"type": "deadlines", "value": {"heading": "Förderfristen", "count": 2}},
            {
                "type": "call_to_action",
                "value": {
                    "icon": "heart",
                    "heading": "Spenden",
                    "text": "Unterstützen Sie MIN.",
                    "link": {
                        "page": None,
                        "url": "https://example.org/spenden",
                        "email": "",
                        "label": "Jetzt spenden",
                    },
                },
            },
        ],
    )
    newsletter_page.add_child(instance=issue)
    issue.save_revision().publish()
    return issue


@pytest.fixture
def subscribers(db):
    """Five confirmed subscribers, one pending, one who left."""
    now = timezone.now()
    confirmed = [
        Subscriber.objects.create(
            email=f"person{n}@example.org",
            name="" if n == 0 else f"Person {n}",
            status=Subscriber.Status.CONFIRMED,
            confirmed_at=now,
        )
        for n in range(5)
    ]
    Subscriber.objects.create(email="pending@example.org")
    Subscriber.objects.create(email="gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    return confirmed
