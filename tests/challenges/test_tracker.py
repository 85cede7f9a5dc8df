"""The challenge tracker: an overview with status and last activity, a page per challenge that
gathers reports, results, who is involved and the next meeting, and a history editors add to
with dated notes."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge, ChallengeIndexPage, ChallengeNote
from cms.cache.versions import FRAME_VERSION
from organisations.models import Organisation
from reports.models import ReportResult
from tests.demo_records import KVR
from tests.factories import make_event, make_report
from tests.helpers import sign_in
from tests.seed import CHALLENGES


@pytest.fixture
def tracker(db):
    return ChallengeIndexPage.objects.get()


@pytest.fixture
def permits(db):
    return Challenge.objects.get(title=CHALLENGES[0])


def test_overview_lists_every_challenge_with_status_and_last_activity(get_soup, tracker):
    soup = get_soup(tracker.url)
    cards = soup.select("main .card")
    assert {c.h3.get_text(strip=True) for c in cards} == set(CHALLENGES)
    # Each with its status and last activity, the most recently active first.
    dates = [c.select_one(".card__meta time")["datetime"] for c in cards]
    assert dates == sorted(dates, reverse=True)
    statuses = {c.h3.get_text(strip=True): c.select_one(".status").get_text() for c in cards}
    assert set(statuses.values()) == {"Offen"}  # as the seed names them: nothing invented
    assert "zuletzt aktiv" in cards[0].select_one(".card__meta").get_text()


def test_overview_filters_by_status(get_soup, tracker, permits):
    permits.status = "in_progress"
    permits.save()
    open_titles = {
        c.h3.get_text(strip=True)
        for c in get_soup(f"{tracker.url}?status=open").select("main .card")
    }
    assert open_titles == set(
        Challenge.objects.filter(status="open").values_list("title", flat=True)
    )
    assert permits.title not in open_titles
    everything = get_soup(f"{tracker.url}?status=%00")
    assert len(everything.select("main .card")) == Challenge.objects.count()


def test_last_activity_is_the_latest_report_or_note(client, tracker, report_index, permits):
    make_report(report_index, "Drittes Treffen", day=date(2031, 5, 4), challenges=[permits])
    context = client.get(tracker.url).context
    challenge = next(c for c in context["items"] if c == permits)
    assert challenge.last_activity == date(2031, 5, 4)
    assert context["items"][0] == permits


def test_challenge_page_gathers_what_is_known(
    get_soup, tracker, permits, seed_report, report_index, event_index
):
    later = make_report(
        report_index, "Zweites Gespräch", day=date(2024, 2, 1), challenges=[permits]
    )
    earlier_draft = make_report(report_index, "Entwurf", day=date(2020, 1, 1), challenges=[permits])
    earlier_draft.unpublish()
    ReportResult.objects.create(page=later, text="Ein Leitfaden entsteht.", challenge=permits)
    make_event(
        event_index, "Schon vorbei", start=timezone.now() - timedelta(days=3), agenda=[permits]
    )
    soon = make_event(
        event_index, "Bald", start=timezone.now() + timedelta(days=2), agenda=[permits]
    )

    soup = get_soup(permits.url)
    assert soup.h1.get_text(strip=True) == permits.title
    reports = [a.get_text(strip=True) for a in soup.select("#reports-heading + ol a")]
    assert reports.index(seed_report.title) < reports.index("Zweites Gespräch")
    assert "Entwurf" not in reports
    # Results in the order of their reports' dates: 2023, 2024, then the 2025 sample.
    results = [li.p.get_text() for li in soup.select("#results-heading + ul li")]
    assert "einfachere und zügige Wege" in results[0]
    assert results[1] == "Ein Leitfaden entsteht."
    assert soup.find("a", string="Bald")["href"] == soon.url
    assert "Schon vorbei" not in soup.get_text()
    departments = soup.select("#involved-heading ~ ul")[0]
    assert KVR in departments.get_text()
    history = [li.time.get_text() for li in soup.select("#history-heading + ol li")]
    assert history == ["8. März 2023", "24. Januar 2023"]  # after the follow-up on 7 March


def test_unknown_challenge_is_not_found(client, tracker):
    assert client.get(f"{tracker.url}gibt-es-nicht/").status_code == 404


def test_report_and_event_link_to_the_challenge_page(get_soup, seed_report, permits):
    soup = get_soup(seed_report.url)
    assert soup.find("a", string=permits.title)["href"] == permits.url
    event = permits.events.live().filter(end__gte=timezone.now()).first()
    assert get_soup(event.url).find("a", string=permits.title)["href"] == permits.url


def test_departments_link_to_their_page_in_the_guide(get_soup, permits):
    department = Organisation.objects.get(name=KVR)
    link = get_soup(permits.url).find("a", string=KVR)
    assert link["href"] == department.department_url
    assert link["href"].endswith(f"/wer-ist-zustaendig/referate/{department.pk}/")


@pytest.fixture
def editor(client, db):
    user = get_user_model().objects.create_superuser(
        "redaktion", "r@example.org", "pw", first_name="Rita", last_name="Redaktion"
    )
    sign_in(client, user)
    return client


def edit(client, challenge, **changes):
    data = {
        "title": challenge.title,
        "slug": challenge.slug,
        "description": challenge.description,
        "organisations": [o.pk for o in challenge.organisations.all()],
        "status": challenge.status,
        "note_date": "2026-11-20",
        "note": "",
        **changes,
    }
    url = reverse("wagtailsnippets_challenges_challenge:edit", args=[challenge.pk])
    return client.post(url, data)


def test_status_changes_only_with_a_note(editor, permits):
    response = edit(editor, permits, status="solved")
    assert response.status_code == 200
    assert "Begründen Sie die Änderung des Status in einer Notiz." in response.content.decode()
    permits.refresh_from_db()
    assert permits.status == "open"


def test_status_change_joins_the_history(editor, permits, get_soup):
    before = permits.notes.count()
    response = edit(editor, permits, status="solved", note="Die Übersicht ist online.")
    assert response.status_code == 302
    permits.refresh_from_db()
    assert permits.status == "solved"
    assert permits.notes.count() == before + 1
    note = permits.notes.first()
    assert (note.date, note.status, note.text) == (
        date(2026, 11, 20),
        "solved",
        "Die Übersicht ist online.",
    )
    assert note.author.username == "redaktion"

    # A note alone records progress and keeps the status; earlier notes stay.
    assert edit(editor, permits, note="Nachtrag.", note_date="2026-11-24").status_code == 302
    permits.refresh_from_db()
    assert permits.status == "solved"
    assert [n.text for n in permits.notes.all()[:2]] == ["Nachtrag.", "Die Übersicht ist online."]
    assert permits.notes.count() == before + 2

    page = get_soup(permits.url)
    assert page.select_one(".facts .status").get_text(strip=True) == "Gelöst"
    assert "Die Übersicht ist online." in page.select_one("#history-heading + ol").get_text()

    history = editor.get(reverse("wagtailsnippets_challenges_challenge:edit", args=[permits.pk]))
    assert "Die Übersicht ist online." in history.content.decode()
    assert "Rita Redaktion" in history.content.decode()


def test_a_new_note_shows_on_cached_pages(settings, client, permits):
    settings.PAGE_CACHE_SECONDS = 300
    version = cache.get(FRAME_VERSION)
    ChallengeNote.objects.create(challenge=permits, status="open", text="Neu")
    assert cache.get(FRAME_VERSION) != version


def test_challenge_slug_is_filled_in(db):
    challenge = Challenge.objects.create(title="Öffentlicher Raum für Nachbarschaft")
    assert challenge.slug == "offentlicher-raum-fur-nachbarschaft"
