"""Load MIN's demo content: the real workshop report from ../shared/seed, structured, plus sample
pages that say they are samples. The content is data, in demo/content; demo/loader.py reads it
and says why loading again changes nothing an editor made."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site

from cms.signal_handlers import configured_address
from demo.loader import Loader, read
from home.models import HomePage

# In the order their pages appear in the page tree and the menu.
FILES = [
    "images",
    "organisations",
    "seed-report",
    "reports",
    "events",
    "initiatives",
    "challenges",
    "places",
    "guide",
    "funding",
    "participation",
    "manufakturen",
    "newsletter",
    "pages",
    "site",
]
# Translations, loaded once the German pages are complete (the home page with its links).
TRANSLATIONS = ["english"]


class Command(BaseCommand):
    help = "Load MIN's demo content (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        data = read("site")
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        new_site = not (site and isinstance(site.root_page.specific, HomePage))
        loader = Loader(self.new_site(data) if new_site else site)
        if not Collection.get_first_root_node():  # a flushed database has none; images need it
            Collection.add_root(name="Root")
        loader.load(FILES)
        if new_site:
            fields, _later = loader.values(HomePage, data["home_links"])
            for name, value in fields.items():
                setattr(loader.home, name, value)
            loader.home.save_revision().publish()
        loader.load(TRANSLATIONS)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))

    def new_site(self, data):
        """The default site with a new home page in place of Wagtail's placeholder "Welcome"
        page of a new install."""
        locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=locale)
        )
        for placeholder in root.get_children().filter(content_type__model="page"):
            placeholder.delete()
        home = root.get_children().filter(slug=data["home"]["slug"]).first()
        home = home.specific if home else Loader(None).add(root, HomePage, data["home"])
        site, _ = Site.objects.update_or_create(
            is_default_site=True,
            defaults={**configured_address(), "root_page": home, **data["site"]},
        )
        return site
