"""An issue is a page in the archive and an email that mail programs show well."""

import re

from bs4 import BeautifulSoup
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from newsletter.sending import merge_field


def test_issue_in_the_archive(get_soup, newsletter_page, issue):
    archive = get_soup(newsletter_page.url)
    assert archive.find("a", href=issue.url).get_text() == issue.title
    page = get_soup(issue.url)
    assert page.find("h1").get_text() == issue.title
    assert page.find("a", string="Bericht")
    assert page.select(".event-card")  # the upcoming events block
    assert len(page.select(".deadlines li")) == 2  # the next funding deadlines


def test_email_html_is_built_for_mail_programs(issue):
    merge = {
        "greeting": "Hallo Maria,",
        "unsubscribe_url": "https://m-i-n.example/abmelden/x/",
        "preferences_url": "https://m-i-n.example/einstellungen/x/",
    }
    email = issue.render_email(merge)
    assert email.subject == "Newsletter Dezember: Müller & Co"
    html = email.html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("table", attrs={"role": "presentation"})
    assert soup.find("table")["style"]  # inline styles, no style sheet
    assert soup.find("style") is None and soup.find("link") is None
    hrefs = [a["href"] for a in soup.select("a[href]")]
    assert all(href.startswith(("http://", "https://", "mailto:")) for href in hrefs), hrefs
    assert "http://testserver/berichte/werkstattgespraech-nachhaltige-quartiere/" in hrefs
    assert "http://testserver/foerderungen/quartiersfonds-nachbarschaft/" in hrefs
    assert "https://m-i-n.example/abmelden/x/" in hrefs
    assert "Hallo Maria," in soup.get_text()
    assert "Was im Dezember ansteht" in html  # the preview text
    assert "Müller &amp; Co" in html
    assert soup.select_one("p").find("a")["href"] == issue.full_url  # read in the browser
    assert "Impressum" in soup.get_text()


def test_email_text_version(issue):
    text = issue.render_email(
        {
            "greeting": "Guten Tag,",
            "unsubscribe_url": "https://m-i-n.example/abmelden/x/",
            "preferences_url": "https://m-i-n.example/einstellungen/x/",
        }
    ).text
    assert text.startswith("NEWSLETTER DEZEMBER: MÜLLER & CO")
    assert "Guten Tag," in text
    assert "Lesen Sie den Bericht." in text
    assert "http://testserver/berichte/werkstattgespraech-nachhaltige-quartiere/" in text
    assert "Jetzt spenden: https://example.org/spenden" in text
    assert "FÖRDERFRISTEN" in text
    assert "http://testserver/foerderungen/quartiersfonds-nachbarschaft/" in text
    assert "Newsletter abbestellen: https://m-i-n.example/abmelden/x/" in text
    assert "<" not in re.sub(r"<https?://[^>]+>", "", text)


def test_merge_fields_stand_where_each_recipient_sees_their_own(issue, settings):
    settings.NEWSLETTER_MERGE_FIELD = "{{{{ params.{} }}}}"
    merge = {name: merge_field(name) for name in ("greeting", "unsubscribe_url", "preferences_url")}
    email = issue.render_email(merge)
    text, html = email.text, email.html
    assert "{{ params.greeting }}" in text and "{{ params.unsubscribe_url }}" in text
    assert 'href="{{ params.unsubscribe_url }}"' in html


def test_images_are_absolute_jpeg_renditions_with_alt_text(issue, settings, tmp_path):
    image = Image.objects.create(
        title="Werkstatt",
        description="Menschen an einem Tisch mit Karten",
        file=get_test_image_file(),
    )
    issue.body.append(("image", {"image": image, "caption": "Im Rathaus"}))
    issue.save_revision().publish()
    email = issue.render_email(
        {"greeting": "Hallo,", "unsubscribe_url": "https://x/", "preferences_url": "https://x/"}
    )
    img = BeautifulSoup(email.html, "html.parser").find("img")
    assert img["src"].startswith("http://testserver/media/images/")
    assert img["src"].endswith(".jpg")  # not WebP: many mail programs cannot show it
    assert img["alt"] == "Menschen an einem Tisch mit Karten"
    assert img["width"] == "544"
    assert "[Bild: Im Rathaus]" in email.text
