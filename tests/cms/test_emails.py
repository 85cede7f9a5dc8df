"""Every email goes out as German plain text and HTML, with attachments where it has them."""

from types import SimpleNamespace

from django.core import mail

from cms.emails import send_templated_email


def test_plain_text_is_not_html_escaped_but_html_is():
    signup = SimpleNamespace(
        name="Müller & Söhne <Team>", email="m@example.org", contribution="Kuchen & Kaffee"
    )
    manufaktur = SimpleNamespace(title="Manufaktur „A & B“", coordinator_name="Kim")
    send_templated_email(
        "network/email/signup_notification",
        {"signup": signup, "manufaktur": manufaktur},
        to=["kim@example.org"],
    )
    (message,) = mail.outbox
    assert message.subject == "Neue Anmeldung für Manufaktur „A & B“: Müller & Söhne <Team>"
    assert "Müller & Söhne <Team> (m@example.org)" in message.body
    assert "Kuchen & Kaffee" in message.body
    html = message.alternatives[0].content
    assert "Müller &amp; Söhne &lt;Team&gt;" in html


def test_attachments_go_along():
    send_templated_email(
        "network/email/signup_confirmation",
        {
            "signup": SimpleNamespace(name="Kim", contribution="x"),
            "manufaktur": SimpleNamespace(
                title="M", coordinator_name="K", meeting_rhythm="", meeting_place=""
            ),
        },
        to=["m@example.org"],
        attachments=[("termin.ics", "BEGIN:VCALENDAR", "text/calendar")],
    )
    (message,) = mail.outbox
    assert message.attachments[0][:2] == ("termin.ics", "BEGIN:VCALENDAR")
