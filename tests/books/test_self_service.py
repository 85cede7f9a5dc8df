"""'Spende verwalten': a signed, dated link by mail, the same answer for every address, a limit
per address; the donor's page with gifts, receipts, the regular donation and the address for
the next receipt; tampered, expired and erased links open nothing."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from books.models import Receipt
from books.receipts import issue_single
from donations.models import Payment

REQUEST = reverse("donation_manage_request")
BERLIN = datetime.timezone(datetime.timedelta(hours=1))


@pytest.fixture
def maria(new_donation, django_capture_on_commit_callbacks):
    """A donor with a paid gift and its receipt, and a monthly donation."""
    once = new_donation(amount="50")
    payment = Payment.objects.create(
        donation=once, stripe_id="pi_m", status="paid", amount=Decimal(50),
        paid_at=datetime.datetime(2026, 3, 1, 12, tzinfo=BERLIN),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        issue_single(payment)
    new_donation(amount="10", interval="monthly", status="active", customer_id="cus_m",
                 subscription_id="sub_m")  # fmt: skip
    mail.outbox.clear()
    return once


def link_in(message):
    return re.search(r"https?://\S+/spende-verwalten/\S+/", message.body).group(0)


def answer(response):
    """The page's text, without the form's one-time tokens."""
    text = re.sub(
        r'name="(csrfmiddlewaretoken|shown_at)" value="[^"]*"', "", response.content.decode()
    )
    return response.status_code, text


def test_the_answer_is_the_same_for_a_donor_and_for_anyone_else(maria, submit_form):
    known = submit_form(REQUEST, {"email": "Maria@Example.org"})
    unknown = submit_form(REQUEST, {"email": "niemand@example.org"})
    assert answer(known) == answer(unknown)
    assert "ist jetzt ein Link zu Ihrer Seite dorthin unterwegs" in answer(known)[1]
    (sent,) = mail.outbox
    assert sent.to == ["maria@example.org"]
    assert "gilt 7 Tage" in sent.body


def test_an_address_gets_few_links_however_often_it_is_asked_for(maria, submit_form, settings):
    settings.FORM_RATE_LIMIT = 100  # the visitor's limit is not what is tested here
    for _attempt in range(6):
        assert submit_form(REQUEST, {"email": "maria@example.org"}).status_code == 200
    assert len(mail.outbox) == 3


def test_the_donors_page_shows_gifts_receipts_and_the_regular_donation(maria, client, submit_form):
    submit_form(REQUEST, {"email": "maria@example.org"})
    page = client.get(link_in(mail.outbox[0]))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] or "private" in page["Cache-Control"]
    text = page.content.decode()
    receipt = Receipt.objects.get()
    for part in ("50,00 €", "Stripe", f"Bestätigung {receipt.number}", "Ihre regelmäßige Spende",
                 "10,00 €, monatlich", "Schreiben Sie <strong>MIN-"):  # fmt: skip
        assert part in text, part
    pdf = client.get(f"{link_in(mail.outbox[0])}bestaetigung/{receipt.pk}/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == bytes(receipt.pdf)


def test_the_address_for_the_next_receipt_changes_and_issued_ones_stay(
    maria, client, submit_form, django_capture_on_commit_callbacks
):
    submit_form(REQUEST, {"email": "maria@example.org"})
    link = link_in(mail.outbox[0])
    wrong = client.post(link, {"action": "address", "wants_receipt": "on", "street": ""})
    assert (
        wrong.status_code == 400 and "Für die Zuwendungsbestätigung nötig" in wrong.content.decode()
    )
    saved = client.post(
        link,
        {"action": "address", "wants_receipt": "on", "street": "Ludwigstraße 5",
         "postcode": "80539", "city": "München"},
    )  # fmt: skip
    assert "Ihre nächste Bestätigung geht an diese Anschrift" in saved.content.decode()
    assert Receipt.objects.get().address == "Marienplatz 8\n80331 München"  # as issued
    later = Payment.objects.create(
        donation=maria, stripe_id="pi_later", status="paid", amount=Decimal(5),
        paid_at=datetime.datetime(2026, 4, 1, 12, tzinfo=BERLIN),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert issue_single(later).address == "Ludwigstraße 5\n80539 München"


def test_a_link_that_is_tampered_with_expired_or_erased_opens_nothing(
    maria, client, submit_form, new_donation
):
    submit_form(REQUEST, {"email": "maria@example.org"})
    link = link_in(mail.outbox[0])
    other = new_donation(email="jonas@example.org", name="Jonas")
    token = link.rstrip("/").rsplit("/", 1)[1]
    value, signature = token.split("-", 1)  # "<donation>x<made>-<signature>"
    forged = link.replace(token, f"{other.pk}x{value.split('x')[1]}-{signature}")
    for address in (
        forged,
        link[:-2] + "/",
        link.replace("spende-verwalten/", "spende-verwalten/x"),
    ):
        response = client.get(address)
        assert response.status_code == 404
        assert "abgelaufen oder unvollständig" in response.content.decode()
    receipt = Receipt.objects.get()
    assert client.get(f"{forged}bestaetigung/{receipt.pk}/").status_code == 404
    jonas_receipt = client.get(f"{link}bestaetigung/{receipt.pk + 1000}/")
    assert jonas_receipt.status_code == 404
    with time_machine.travel(datetime.timedelta(days=8)):
        assert client.get(link).status_code == 404
    maria.__class__.objects.filter(email="maria@example.org").update(email="")  # erased
    assert client.get(link).status_code == 404


def test_the_portal_opens_only_for_the_donors_own_regular_donation(
    maria, client, submit_form, new_donation, stripe_server
):
    stranger = new_donation(email="jonas@example.org", interval="monthly", customer_id="cus_j")
    submit_form(REQUEST, {"email": "maria@example.org"})
    link = link_in(mail.outbox[0])
    refused = client.post(link, {"action": "portal", "donation": stranger.uuid})
    assert refused.status_code == 200 and stripe_server.requests == []
    own = maria.__class__.objects.get(customer_id="cus_m")
    assert client.post(link, {"action": "portal", "donation": own.uuid}).status_code == 303
    assert stripe_server.requests[-1][3]["customer"] == "cus_m"


def test_a_link_from_an_older_thank_you_mail_leads_to_a_fresh_one(client, donation_page):
    old = client.get(f"{donation_page.url}verwalten/0123abcd-xyz/")
    assert (old.status_code, old["Location"]) == (301, REQUEST)
