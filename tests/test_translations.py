"""German first, English second: every UI string has its German translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
CATALOG = BASE_DIR / "cms" / "locale" / "de" / "LC_MESSAGES" / "django.po"
# The project's apps (each a folder with an apps.py), its configuration and manage.py: a new app
# is included without being listed here.
SOURCES = [
    *sorted(apps_py.parent.name for apps_py in BASE_DIR.glob("*/apps.py")),
    "config",
    "manage.py",
]


def messages(catalog):
    return {(entry.msgctxt, entry.msgid) for entry in catalog if not entry.obsolete}


def test_catalog_is_complete():
    catalog = polib.pofile(str(CATALOG))
    assert catalog.untranslated_entries() == []
    assert catalog.fuzzy_entries() == []
    assert catalog.percent_translated() == 100


def test_compiled_catalog_matches_its_source():
    source = polib.pofile(str(CATALOG))
    compiled = polib.mofile(str(CATALOG.with_suffix(".mo")))
    assert {(e.msgid, e.msgstr, tuple(e.msgstr_plural.items())) for e in compiled} == {
        (e.msgid, e.msgstr, tuple(e.msgstr_plural.items())) for e in source if e.translated()
    }, "run `make messages`"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext")
def test_catalog_holds_every_ui_string(tmp_path):
    for name in SOURCES:
        source = BASE_DIR / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "de", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
    )
    fresh = polib.pofile(str(tmp_path / CATALOG.relative_to(BASE_DIR)))
    assert messages(fresh) == messages(polib.pofile(str(CATALOG))), "run `make messages`"


def test_german_interface_by_default_english_under_en(client, home):
    german = client.get("/").content.decode()
    assert '<html lang="de">' in german
    assert "Zum Inhalt springen" in german
    english = client.get("/en/").content.decode()
    assert '<html lang="en">' in english
    assert "Skip to content" in english
    assert "Together for a sustainable Munich" in english  # the home page's translation
    untranslated = client.get("/en/berichte/").content.decode()
    assert "Skip to content" in untranslated
    assert '<h1 lang="de">Berichte</h1>' in untranslated


def test_language_switch_keeps_the_page(get_soup, seed_report):
    soup = get_soup(seed_report.url)
    switch = {a["lang"]: a["href"] for a in soup.select(".language-switch a")}
    assert switch == {"de": seed_report.url, "en": f"/en{seed_report.url}"}
    assert soup.select_one('.language-switch a[aria-current="true"]')["lang"] == "de"
