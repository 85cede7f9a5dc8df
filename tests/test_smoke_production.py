"""The stack we ship, as compose.yaml runs it: gunicorn with the production settings, PostgreSQL
(where the tests run on it, as in CI; else SQLite), Redis as the cache with the page cache on,
and a real db_worker. The walk: pages from the page cache, the seed report, a form posted from
a cached page, a newsletter issue sent to a few subscribers through the worker, a signed Stripe
webhook, a static file (WhiteNoise, hashed and compressed) behind a TLS-ending proxy; then
everything stops cleanly. .ci/run starts PostgreSQL and Redis."""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
import redis
from django_otp.oath import TOTP

from tests import demo_database, workers
from tests.donations.stripe_events import WEBHOOK_SECRET, session_event, signature

BASE_DIR = Path(__file__).resolve().parent.parent
PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own on the local server
SUBSCRIBERS = 3
# The site runs in processes of its own on a copy of the test database's demo site, which
# exists only where a test asks for the database.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def database(tmp_path_factory, django_db_setup):
    """A database of its own and the folder of its images: on PostgreSQL a copy of the demo
    site the tests built once (tests/demo_database.py), whose images are the tests' own, else
    a fresh SQLite file and folder that the production set-up fills (its demo images would
    take other names beside those of the tests)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        folder = tmp_path_factory.mktemp("site")
        # One writer at a time: gunicorn's workers and db_worker wait for each other's writes
        # (as on a server database) rather than fail at once with "database is locked".
        options = "timeout=20&transaction_mode=IMMEDIATE"
        yield f"sqlite:///{folder}/site.sqlite3?{options}", str(folder)
        return
    name = f"min_smoke_{os.getpid()}"
    demo_database.copy(demo_database.template_name(), name)
    yield f"{url.rsplit('/', 1)[0]}/{name}", os.environ["MEDIA_ROOT"]  # config/settings/test.py
    demo_database.drop(name)


def manage(env, *command, **options):
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True, timeout=300, **options,
    )  # fmt: skip


@pytest.fixture(scope="session")
def production(tmp_path_factory, database):
    """The site as compose.yaml runs it, once per test run: the tests of this module run one
    after another in one process (the `stack` group of tests/conftest.py)."""
    database_url, media_root = database
    folder = tmp_path_factory.mktemp("production")
    (folder / "mail").mkdir()
    port = socket.socket()
    port.bind(("127.0.0.1", 0))
    number = port.getsockname()[1]
    port.close()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "smoke-test-k3Jw9-zQ7vR2xN8pL5tY1mB4cF6hD0gS-aE7uI2oP9wX3q",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "https://m-i-n.example",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": media_root,
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": REDIS_URL,
        "ANYMAIL_WEBHOOK_SECRET": "smoke:webhook-secret",
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        # Mails land as files, one per recipient and message (as an SMTP server would get them).
        "EMAIL_BACKEND": "tests.slow_mail.EmailBackend",
        "MAIL_DIR": str(folder / "mail"),
    }
    redis.Redis.from_url(REDIS_URL).flushdb()
    for command in (
        ["migrate", "--noinput"],
        ["load_demo_content"],  # on PostgreSQL's copy of the demo site, nothing to add
        ["collectstatic", "--noinput"],
    ):
        manage(env, *command, "-v0")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{number}", "-w", "2"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        # gunicorn opens its port before its workers have loaded the site: ready is when the
        # site answers (on a busy machine that takes more than a request's ten seconds).
        workers.wait_for(lambda: answers(number), seconds=90)
        yield number, folder, env
    finally:
        worker.terminate()
        server.terminate()
        assert worker.wait(timeout=30) == 0  # both stop cleanly
        assert server.wait(timeout=30) == 0


def answers(port):
    try:
        return get(port, "/health/")[0].status == 200
    except (OSError, http.client.HTTPException):
        return False


def get(port, path, **headers):
    return request(port, "GET", path, **headers)


def request(port, method, path, body=None, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, body=body, headers={**PROXY, **headers})
    response = connection.getresponse()
    return response, response.read()


def test_cached_pages_are_the_same_for_all_and_their_forms_work(production):
    port, _folder, _env = production
    first, first_body = get(port, "/newsletter/")
    second, second_body = get(port, "/newsletter/")
    assert (first.getheader("X-Page-Cache"), second.getheader("X-Page-Cache")) == ("miss", "hit")
    assert first_body == second_body
    assert second.getheader("X-Frame-Options") == "DENY"
    assert second.getheader("Set-Cookie") is None

    token_answer, token = get(port, "/formular/")
    assert token_answer.status == 200
    time.sleep(3.1)  # FORM_MIN_FILL_SECONDS
    form = urlencode(
        {
            "email": "smoke@example.org",
            "consent": "on",
            "homepage": "",
            "shown_at": json.loads(token)["shown_at"],
        }
    )
    answer, _body = request(
        port,
        "POST",
        "/newsletter/",
        body=form,
        **{"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"},
    )
    assert answer.status == 302, _body[:500]
    assert answer.getheader("Location").endswith("/newsletter/danke/")

    health, status = get(port, "/health/")
    assert health.status == 200
    assert json.loads(status) == {"database": "ok", "cache": "ok"}


def test_gunicorn_serves_a_page_and_a_static_file(production):
    port, folder, _env = production
    page, body = get(port, "/")
    assert page.status == 200
    assert "Münchner Initiative Nachhaltigkeit" in body.decode()
    assert page.getheader("Strict-Transport-Security").startswith("max-age=31536000")
    assert "default-src 'self'" in page.getheader("Content-Security-Policy")

    manifest = json.loads((folder / "static" / "staticfiles.json").read_text())
    css = "/static/" + manifest["paths"]["css/site.css"]
    static, _content = get(port, css, **{"Accept-Encoding": "gzip"})
    assert static.status == 200
    assert static.getheader("Content-Encoding") == "gzip"
    assert "immutable" in static.getheader("Cache-Control")

    insecure = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    insecure.request("GET", "/")
    assert insecure.getresponse().status == 301  # plain HTTP goes to HTTPS


def test_the_home_page_with_its_image_menu_and_font_is_the_same_for_all(production):
    """The look of the site through the page cache: the hero's renditions, the menu link and
    the self-hosted font are in the one cached page every visitor gets."""
    port, folder, _env = production
    _first, first_body = get(port, "/")
    second, second_body = get(port, "/")
    assert second.getheader("X-Page-Cache") == "hit" and first_body == second_body
    assert second.getheader("Set-Cookie") is None
    html = second_body.decode()
    rendition = re.search(r'<img [^>]*srcset="(/media/images/quartier\.[^"]+\.webp) 480w', html)
    answer, data = get(port, rendition[1])  # served by the app itself: no proxy knows the folder
    assert answer.status == 200 and answer.getheader("Content-Type") == "image/webp"
    assert data[8:12] == b"WEBP" and "public" in answer.getheader("Cache-Control")
    assert 'href="#site-menu"' in html

    manifest = json.loads((folder / "static" / "staticfiles.json").read_text())
    font = "/static/" + manifest["paths"]["fonts/inter-subset.woff2"]
    assert f'href="{font}"' in html  # preloaded
    css = get(port, "/static/" + manifest["paths"]["css/site.css"])[1].decode()
    assert font.rsplit("/", 1)[1] in css  # the stylesheet names the same hashed file
    answer, data = get(port, font)
    assert answer.status == 200 and "immutable" in answer.getheader("Cache-Control")
    assert len(data) <= 40 * 1024


def test_the_seed_report_is_served(production):
    port, _folder, _env = production
    page, body = get(port, "/berichte/werkstattgespraech-nachhaltige-quartiere/")
    assert page.status == 200
    assert "Werkstattgespräch mit der Stadtverwaltung" in body.decode()


def test_a_publish_renews_what_shows_it_and_leaves_the_rest_warm(production):
    """On Redis, from another process (the admin's), as production runs it."""
    port, _folder, env = production
    seed, other, programme = (
        "/berichte/werkstattgespraech-nachhaltige-quartiere/",
        "/berichte/beispiel-austausch-foerderprogramme/",
        "/foerderungen/klimaschutz-kleinprojekte/",
    )
    for path in (seed, other, programme, "/berichte/"):
        get(port, path)
    manage(
        env,
        "shell",
        "-c",
        "from cms.pages import german\n"
        "from reports.models import ReportPage\n"
        "page = german(ReportPage.objects).get(slug='beispiel-austausch-foerderprogramme')\n"
        "page.title = 'Förderprogramme, neu gefasst'\n"
        "page.save_revision().publish()\n",
    )
    for path in (other, "/berichte/"):
        page, body = get(port, path)
        assert page.getheader("X-Page-Cache") == "miss"
        assert "Förderprogramme, neu gefasst" in body.decode()
    for path in (seed, programme):
        assert get(port, path)[0].getheader("X-Page-Cache") == "hit"

    manage(
        env,
        "shell",
        "-c",
        "from home.models import SiteSettings\n"
        "SiteSettings.objects.update_or_create(defaults={'funders': 'Gefördert von allen'})\n",
    )
    page, body = get(port, seed)
    assert page.getheader("X-Page-Cache") == "miss"
    assert "Gefördert von allen" in body.decode()


def test_a_published_translation_takes_the_english_address(production):
    """/en/… is cached with the German page and its note until the translation is published
    from another process; then it is the translation's, and the German address the German
    page's."""
    port, _folder, env = production
    german_path = "/berichte/beispiel-quartiersrundgang-westend/"
    english_path = "/en" + german_path
    get(port, english_path)
    page, body = get(port, english_path)
    assert page.getheader("X-Page-Cache") == "hit"
    assert "not yet available in English" in body.decode()
    manage(
        env,
        "shell",
        "-c",
        "from wagtail.models import Locale\n"
        "from cms.pages import german\n"
        "from reports.models import ReportPage\n"
        "page = german(ReportPage.objects).get(slug='beispiel-quartiersrundgang-westend')\n"
        "english = page.copy_for_translation(Locale.objects.get(language_code='en'))\n"
        "english.title = 'A walk through the Westend'\n"
        "english.save_revision().publish()\n",
    )
    page, body = get(port, english_path)
    assert page.getheader("X-Page-Cache") == "miss"
    assert "A walk through the Westend" in body.decode()
    assert "not yet available in English" not in body.decode()
    page, body = get(port, german_path)
    assert "A walk through the Westend" not in body.decode()
    assert 'lang="de"' in body.decode()


def test_a_newsletter_goes_out_through_the_worker(production):
    _port, folder, env = production
    script = (
        "from cms.pages import german\n"
        "from newsletter.models import NewsletterIndexPage, NewsletterPage, Subscriber\n"
        "from newsletter.sending import start\n"
        "from django.db import transaction\n"
        f"for n in range({SUBSCRIBERS}):\n"
        "    Subscriber.objects.create(email=f'leser{n}@example.org', status='confirmed')\n"
        "issue = NewsletterPage(title='Rauchtest', slug='rauchtest', intro='Hallo.')\n"
        "german(NewsletterIndexPage.objects).get().add_child(instance=issue)\n"
        "issue.save_revision().publish()\n"
        "transaction.atomic()(lambda: start(issue, None))()\n"
    )
    manage(env, "shell", "-c", script)
    mails = folder / "mail"
    deadline = time.monotonic() + 60
    while len([p for p in mails.iterdir() if p.name.startswith("leser")]) < SUBSCRIBERS:
        assert time.monotonic() < deadline, "the worker did not send the issue"
        time.sleep(0.2)
    sent = sorted(p.name.split("--")[0] for p in mails.iterdir() if p.name.startswith("leser"))
    assert sent == [f"leser{n}@example.org" for n in range(SUBSCRIBERS)]


def test_each_subscribers_own_page_is_theirs_and_never_cached(production):
    """The preference page linked from every issue shows one person's address and topics:
    through gunicorn and the Redis page cache, each gets their own, every time."""
    port, _folder, env = production
    script = (
        "from newsletter.models import Subscriber\n"
        "for name in ('anna', 'ben'):\n"
        "    s = Subscriber.objects.create(email=f'{name}@example.org', status='confirmed')\n"
        "    print(s.preferences_path())\n"
    )
    output = manage(env, "shell", "-c", script).stdout.split()
    anna, ben = [line for line in output if line.startswith("/newsletter/")]
    for path, own, other in ((anna, "anna", "ben"), (ben, "ben", "anna"), (anna, "anna", "ben")):
        answer, body = get(port, path)
        assert answer.status == 200 and answer.getheader("X-Page-Cache") != "hit"
        assert "private" in answer.getheader("Cache-Control")
        assert f"{own}@example.org" in body.decode() and f"{other}@example" not in body.decode()
    assert get(port, anna[:-3] + "xx/")[0].status == 404


def test_a_signed_stripe_event_is_taken_and_an_unsigned_one_refused(production):
    port, _folder, _env = production
    event = {
        "id": "evt_smoke_1",
        "object": "event",
        "type": "customer.created",
        "created": int(time.time()),
        "data": {"object": {"id": "cus_smoke"}},
    }
    body = json.dumps(event).encode()
    headers = {"Content-Type": "application/json"}
    signed, _ = request(
        port, "POST", "/stripe/webhook/", body=body,
        **headers, **{"Stripe-Signature": signature(body)},
    )  # fmt: skip
    assert signed.status == 200
    forged, _ = request(
        port, "POST", "/stripe/webhook/", body=body, **headers, **{"Stripe-Signature": "t=1,v1=0"}
    )
    assert forged.status == 400


def test_a_visitors_query_string_stays_theirs(production):
    port, _folder, _env = production
    first, first_body = get(port, "/berichte/?year=2024&ref=fremder-text")
    second, second_body = get(port, "/berichte/?year=2024")
    assert (first.getheader("X-Page-Cache"), second.getheader("X-Page-Cache")) == ("miss", "hit")
    assert b"fremder-text" not in first_body
    assert first_body == second_body


def password_typed(port, env, name, password="lang-und-geheim-1", group=None):  # noqa: S107
    """A session that typed the password of a new account with an authenticator app (a
    superuser, or a member of the group), and not yet the code: (cookies, CSRF token, key)."""
    make = (
        f"user = get_user_model().objects.create_user({name!r}, None, {password!r})\n"
        f"user.groups.add(Group.objects.get(name={group!r}))\n"
        if group
        else f"user = get_user_model().objects.create_superuser({name!r}, None, {password!r})\n"
    )
    key = manage(
        env, "shell", "-c",
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.auth.models import Group\n"
        "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
        f"{make}"
        "print(TOTPDevice.objects.create(user=user, name='Telefon').key)\n",
    ).stdout.split()[-1]  # fmt: skip
    form, body = get(port, "/admin/login/")
    csrf = form.getheader("Set-Cookie").split("csrftoken=")[1].split(";")[0]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    fields = {"csrfmiddlewaretoken": token, "username": name, "password": password}
    login, _ = request(
        port, "POST", "/admin/login/", body=urlencode(fields),
        **{"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}",
           "Origin": f"https://127.0.0.1:{port}"},
    )  # fmt: skip
    assert login.status == 302
    session = login.getheader("Set-Cookie").split("sessionid=")[1].split(";")[0]
    return {"Cookie": f"csrftoken={csrf}; sessionid={session}"}, token, key


def code_typed(port, cookies, token, key):
    """The second step of a session that typed the password."""
    second_step, _ = get(port, "/admin/", **cookies)
    assert second_step.getheader("Location").startswith("/admin/zwei-faktoren/pruefen/")
    code = f"{TOTP(bytes.fromhex(key)).token():06d}"
    fields = {"csrfmiddlewaretoken": token, "code": code, "next": "/admin/"}
    verified, _ = request(
        port, "POST", "/admin/zwei-faktoren/pruefen/", body=urlencode(fields),
        **{"Content-Type": "application/x-www-form-urlencoded", **cookies,
           "Origin": f"https://127.0.0.1:{port}"},
    )  # fmt: skip
    assert verified.getheader("Location") == "/admin/"
    assert get(port, "/admin/", **cookies)[0].status == 200
    return cookies


def signed_in(port, env, name):
    """A session of a new superuser with an authenticator app, signed in through the admin's
    login form and the second step (accounts/two_factor.py)."""
    return code_typed(port, *password_typed(port, env, name))


def test_a_private_page_stays_private_on_every_channel_and_to_a_password_alone(production):
    """An Office-only report with an English translation, restricted while /en/… is cached:
    through gunicorn and Redis, neither a visitor nor someone who typed only the password gets
    it, by page or API; after the code, the Office member reads it, never from a shared cache."""
    port, _folder, env = production
    seed = "/berichte/werkstattgespraech-nachhaltige-quartiere/"
    teaser = b"Our first workshop talk on sustainable neighbourhoods"
    assert teaser in get(port, "/en" + seed)[1]  # cached now
    restrict = (
        "from django.contrib.auth.models import Group\n"
        "from wagtail.models import PageViewRestriction\n"
        "from cms.pages import german\n"
        "from reports.models import ReportPage\n"
        "page = german(ReportPage.objects).get(slug='werkstattgespraech-nachhaltige-quartiere')\n"
    )
    manage(env, "shell", "-c", restrict + (
        "r = PageViewRestriction.objects.create(page=page, restriction_type='groups')\n"
        "r.groups.add(Group.objects.get(name='Office'))\n"
    ))  # fmt: skip
    try:
        half = password_typed(port, env, "buero-rauchtest", group="Office")
        for cookies in ({}, half[0]):
            for path in (seed, "/en" + seed):
                answer, body = get(port, path, **cookies)
                assert answer.status == 302 and teaser not in body, (path, cookies)
            for query in ("?type=reports.ReportPage&fields=*", "?locale=en&fields=*&limit=20"):
                answer, body = get(port, f"/api/v2/pages/{query}", **cookies)
                assert b"werkstattgespraech-nachhaltige" not in body, (query, cookies)
                assert "public" in answer.getheader("Cache-Control")
        full = code_typed(port, *half)
        answer, body = get(port, seed, **full)
        assert answer.status == 200 and b"Werkstattgespr" in body
        assert "public" not in (answer.getheader("Cache-Control") or "")
        assert get(port, seed)[0].status == 302  # and the next visitor is asked again
    finally:
        manage(env, "shell", "-c", restrict + "page.view_restrictions.all().delete()\n")


def test_editors_review_the_draft_of_a_cached_page(production):
    """Wagtail's made-up requests for a draft go through the page cache's middleware with the
    editor's cookies: through gunicorn and Redis they show the draft, and store nothing."""
    port, _folder, env = production
    seed = "/berichte/werkstattgespraech-nachhaltige-quartiere/"
    # The host Wagtail gives its made-up requests (the first allowed one), as visitors use it.
    visitor = {"Host": "127.0.0.1"}
    editor = {**signed_in(port, env, "pruefer"), **visitor}
    get(port, seed, **visitor)
    get(port, seed, **editor)
    draft = manage(
        env, "shell", "-c",
        "from cms.pages import german\n"
        "from reports.models import ReportPage\n"
        "page = german(ReportPage.objects).get(slug='werkstattgespraech-nachhaltige-quartiere')\n"
        "draft = page.get_latest_revision_as_object()\n"
        "draft.title = 'Entwurf im Rauchtest'\n"
        "print(page.pk, draft.save_revision().pk)\n",
    ).stdout.split()[-2:]  # fmt: skip
    page_id, revision_id = draft
    for address in (
        f"/admin/pages/{page_id}/view_draft/",
        f"/admin/pages/{page_id}/revisions/{revision_id}/view/",
    ):
        answer, body = get(port, address, **editor)
        assert answer.status == 200 and "Entwurf im Rauchtest" in body.decode(), address
    for headers in (visitor, editor):
        answer, body = get(port, seed, **headers)
        assert answer.getheader("X-Page-Cache") == "hit"
        assert "Entwurf im Rauchtest" not in body.decode()


def test_a_campaign_shows_what_the_webhook_counted(production):
    """The donation page is one cached page for all; a payment confirmed by Stripe's signed
    webhook counts the campaign again, and the next visitor sees it."""
    port, _folder, env = production
    script = (
        "import datetime, uuid\n"
        "from decimal import Decimal\n"
        "from django.utils import timezone\n"
        "from cms.pages import german\n"
        "from donations.models import Donation, DonationPage\n"
        "page = german(DonationPage.objects).get()\n"
        "today = timezone.localdate()\n"
        "page.goal, page.campaign_start = Decimal(2000), today\n"
        "page.campaign_end = today + datetime.timedelta(days=30)\n"
        "page.save_revision().publish()\n"
        "d = Donation.objects.create(uuid=uuid.uuid4(), page=page, amount=Decimal(500),\n"
        "    interval='once', name='Rauch', email='rauch@example.org',\n"
        "    consented_at=timezone.now(), checkout_session_id='cs_test_smoke')\n"
        "print(d.uuid)\n"
    )
    reference = manage(env, "shell", "-c", script).stdout.split()[-1]
    path = "/mitmachen/spenden/"
    get(port, path)
    cached, body = get(port, path)
    assert cached.getheader("X-Page-Cache") == "hit" and "<strong>0 €</strong>" in body.decode()
    donation = SimpleNamespace(
        uuid=reference, interval="once", email="rauch@example.org",
        checkout_session_id="cs_test_smoke", amount_cents=50000,
    )  # fmt: skip
    payload = json.dumps(session_event(donation)).encode()
    signed, _ = request(
        port, "POST", "/stripe/webhook/", body=payload,
        **{"Content-Type": "application/json", "Stripe-Signature": signature(payload)},
    )  # fmt: skip
    assert signed.status == 200
    answer, body = get(port, path)
    assert answer.getheader("X-Page-Cache") == "miss"
    assert "<strong>500 €</strong> von 2.000 €" in body.decode()


def test_a_donor_asks_for_her_link_and_her_page_is_hers_alone(production):
    """'Spende verwalten' through gunicorn: the link by mail through the worker, the page
    never cached, each donor's own."""
    port, folder, env = production
    script = (
        "from decimal import Decimal\n"
        "from django.utils import timezone\n"
        "from donations.models import Donation\n"
        "for name in ('clara', 'dora'):\n"
        "    Donation.objects.create(amount=Decimal(20), interval='once', status='paid',\n"
        "        name=name.title(), email=f'{name}@example.org', consented_at=timezone.now())\n"
    )
    manage(env, "shell", "-c", script)
    pages = {}
    for name in ("clara", "dora"):
        form_page, body = get(port, "/spende-verwalten/")
        assert "private" in form_page.getheader("Cache-Control")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode())[1]
        cookie = form_page.getheader("Set-Cookie").split(";")[0]
        _token_answer, token = get(port, "/formular/")
        time.sleep(3.1)  # FORM_MIN_FILL_SECONDS
        form = urlencode(
            {"email": f"{name}@example.org", "homepage": "", "csrfmiddlewaretoken": csrf,
             "shown_at": json.loads(token)["shown_at"]}
        )  # fmt: skip
        answer, body = request(
            port, "POST", "/spende-verwalten/", body=form,
            **{"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
               "Referer": "https://127.0.0.1/spende-verwalten/"},
        )  # fmt: skip
        assert answer.status == 200, body[:300]
        deadline = time.monotonic() + 60
        while not (
            mails := [p for p in folder.joinpath("mail").iterdir() if p.name.startswith(name)]
        ):
            assert time.monotonic() < deadline, "the worker did not send the link"
            time.sleep(0.2)
        pages[name] = re.search(r"https?://\S+(/spende-verwalten/\S+/)", mails[0].read_text())[1]
    for name, other in (("clara", "dora"), ("dora", "clara"), ("clara", "dora")):
        answer, body = get(port, pages[name])
        assert answer.status == 200 and answer.getheader("X-Page-Cache") != "hit"
        assert "private" in answer.getheader("Cache-Control")
        assert f"{name}@example.org" in body.decode() and f"{other}@example" not in body.decode()


def test_a_partner_sets_the_password_from_the_invitation_and_reaches_its_own_profile(production):
    """The Office accepts; the worker mails the invitation; through gunicorn the link sets the
    password, and the account edits its own profile and reaches no report of the site."""
    port, folder, env = production
    profile_id = manage(
        env, "shell", "-c",
        "from django.utils import timezone\n"
        "from network.models import InitiativePage, PartnerApplication\n"
        "from network.services import decide\n"
        "application = PartnerApplication.objects.create(organisation_name='Rauchzeichen e.V.',\n"
        "    sector='civil_society', contact_name='Rita Rauch', email='rita@example.org',\n"
        "    offers='Qualm', wants='Luft', consented_at=timezone.now(), status='accepted')\n"
        "decide(application)\n"
        "print(InitiativePage.objects.get(title='Rauchzeichen e.V.').pk)\n",
    ).stdout.split()[-1]  # fmt: skip
    deadline = time.monotonic() + 60
    while not (
        invitations := [
            path for path in folder.joinpath("mail").iterdir()
            if path.name.startswith("rita@") and path.read_text().startswith("Ihr Zugang")
        ]
    ):  # fmt: skip
        assert time.monotonic() < deadline, "the worker did not send the invitation"
        time.sleep(0.2)
    link = re.search(
        r"https?://\S+(/admin/password_reset/confirm/\S+/)", invitations[0].read_text()
    )
    answer, _ = get(port, link[1])
    assert answer.status == 302
    set_password = answer.getheader("Location")
    session = answer.getheader("Set-Cookie").split(";")[0]
    form, body = get(port, set_password, Cookie=session)
    csrf_cookie = form.getheader("Set-Cookie").split(";")[0]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    password = "Rauchzeichen-am-Horizont-7"
    fields = {"csrfmiddlewaretoken": token, "new_password1": password, "new_password2": password}
    done, _ = request(
        port, "POST", set_password, body=urlencode(fields),
        **{"Content-Type": "application/x-www-form-urlencoded",
           "Cookie": f"{session}; {csrf_cookie}", "Origin": f"https://127.0.0.1:{port}"},
    )  # fmt: skip
    assert done.status == 302 and "complete" in done.getheader("Location")

    login_form, body = get(port, "/admin/login/")
    csrf = login_form.getheader("Set-Cookie").split("csrftoken=")[1].split(";")[0]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    fields = {"csrfmiddlewaretoken": token, "username": "rita@example.org", "password": password}
    login, _ = request(
        port, "POST", "/admin/login/", body=urlencode(fields),
        **{"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}",
           "Origin": f"https://127.0.0.1:{port}"},
    )  # fmt: skip
    assert login.status == 302
    session = login.getheader("Set-Cookie").split("sessionid=")[1].split(";")[0]
    cookies = {"Cookie": f"csrftoken={csrf}; sessionid={session}"}
    assert get(port, f"/admin/pages/{profile_id}/edit/", **cookies)[0].status == 200
    assert get(port, "/admin/reports/site-history/", **cookies)[0].status in (302, 403)
