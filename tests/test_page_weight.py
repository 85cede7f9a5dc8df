"""A report page stays light for a phone: HTML, CSS and JavaScript under 60 KB, nothing from
other hosts, and images as responsive WebP renditions with their size, lazy below the fold."""

import io
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images import get_image_model

BUDGET = 60 * 1024


@pytest.fixture
def illustrated_report(seed_report, settings, tmp_path):
    """The seed report with a picture on top and another in its text."""

    def picture(name):
        data = io.BytesIO()
        Image.new("RGB", (2400, 1350), "seagreen").save(data, "JPEG")
        return get_image_model().objects.create(
            title=name, file=ImageFile(data, name=f"{name}.jpg")
        )

    report = seed_report.get_latest_revision_as_object()
    report.image = picture("titelbild")
    report.image_alt = "Titelbild"
    report.body = [
        *report.body.raw_data,
        {
            "type": "image",
            "value": {
                "image": {
                    "image": picture("im-text").pk,
                    "alt_text": "Stellwand",
                    "decorative": False,
                },
                "caption": "Ergebnisse an der Stellwand",
            },
        },
    ]
    report.save_revision().publish()
    return report


def static_file(url):
    path = finders.find(re.sub(r"^/static/", "", urlsplit(url).path))
    assert path, f"{url} is not one of the site's static files"
    with open(path, "rb") as file:
        return file.read()


def test_html_css_and_js_of_a_report_stay_under_60_kb(client, illustrated_report):
    response = client.get(illustrated_report.url)
    soup = BeautifulSoup(response.content, "html.parser")
    assets = [link["href"] for link in soup.select("link[rel=stylesheet]")]
    assets += [script["src"] for script in soup.select("script[src]")]
    sizes = {"html": len(response.content), **{url: len(static_file(url)) for url in assets}}
    assert sum(sizes.values()) < BUDGET, sizes


def test_nothing_is_loaded_from_other_hosts(client, illustrated_report):
    soup = BeautifulSoup(client.get(illustrated_report.url).content, "html.parser")
    loaded = [tag.get("src") for tag in soup.select("[src]")]
    loaded += [tag["href"] for tag in soup.select("link[href]") if tag.get("rel") != ["canonical"]]
    loaded += [
        candidate.split()[0]
        for tag in soup.select("[srcset]")
        for candidate in tag["srcset"].split(",")
    ]
    others = [url for url in loaded if urlsplit(url).netloc not in ("", "testserver")]
    assert others == []


def test_images_are_responsive_sized_webp_renditions(client, illustrated_report):
    soup = BeautifulSoup(client.get(illustrated_report.url).content, "html.parser")
    hero, in_text = soup.select("article img")[:2]
    for image in (hero, in_text):
        candidates = [c.split() for c in image["srcset"].split(",")]
        assert [width for _url, width in candidates] == ["400w", "800w", "1200w"]
        assert all(url.endswith(".webp") for url, _width in candidates)
        assert image["sizes"] and image["width"] and image["height"]
    assert not hero.get("loading")  # at the top: loaded at once
    assert in_text["loading"] == "lazy"
    assert in_text["alt"] == "Stellwand"
