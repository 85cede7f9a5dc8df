"""A page's image (cms.models.PageImage) is described for people who cannot see it: the
description is required once an image is set, and it is the image's alt text on the page, on
its cards and when the page is shared."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.models import Page

from cms.models import PageImage
from cms.pages import german
from reports.models import ReportPage
from tests.helpers import SEED_SLUG

ILLUSTRATED = [m for m in apps.get_models() if issubclass(m, PageImage) and issubclass(m, Page)]


def test_the_page_types_that_take_an_image():
    assert {m.__name__ for m in ILLUSTRATED} == {
        "HomePage", "ReportPage", "EventPage", "InitiativePage", "ManufakturPage", "PlacePage",
        "FundingProgrammePage",
    }  # fmt: skip


@pytest.mark.parametrize("model", ILLUSTRATED, ids=lambda m: m.__name__)
def test_an_image_without_a_description_is_refused(db, model):
    page = model.objects.exclude(image=None).first()
    page.image_alt = "  "
    with pytest.raises(ValidationError) as refused:
        page.clean()
    assert "image_alt" in refused.value.message_dict
    page.image = None
    page.clean()  # no image, nothing to describe


def test_the_description_is_the_alt_text_everywhere(get_soup, seed_report):
    alt = seed_report.image_alt
    soup = get_soup(seed_report.url)
    assert soup.select_one(".page-image img")["alt"] == alt
    assert soup.select_one("meta[property='og:image:alt']")["content"] == alt
    cards = get_soup(seed_report.get_parent().url).select(".report-card img")
    assert alt in [img["alt"] for img in cards]


def test_images_are_cropped_around_their_focal_point(db):
    report = german(ReportPage.objects).get(slug=SEED_SLUG)
    rendition = report.image.get_rendition("fill-400x225")
    assert rendition.focal_point_key  # the crop is keyed to the focal point
    assert (rendition.width, rendition.height) == (400, 225)


def test_the_site_serves_its_images_and_nothing_else_from_the_media_folder(client, seed_report):
    """Production serves images from the media folder itself (compose's volume), but no other
    file there: a document's privacy is checked by Wagtail's own view."""
    rendition = seed_report.image.get_rendition("fill-400x225|format-webp")
    answer = client.get(rendition.url)
    assert answer.status_code == 200 and answer["Content-Type"] == "image/webp"
    assert client.get(seed_report.image.file.url).status_code == 200
    folder = Path(settings.MEDIA_ROOT)
    (folder / "documents").mkdir(exist_ok=True)
    (folder / "documents" / "protokoll.pdf").write_bytes(b"%PDF-1.4")
    for path in ("documents/protokoll.pdf", "images/../documents/protokoll.pdf", "images/x.webp"):
        assert client.get(f"/media/{path}").status_code == 404, path
    assert client.post(rendition.url).status_code == 405
