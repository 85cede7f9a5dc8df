"""Reads the demo content's data files (content/*.toml) into records and pages.

A file holds `[[record]]`, `[[page]]`, `[[translation]]` and `[[setting]]` tables, loaded in
that order. A translation names its German `page` by path and its `language`, and gives the
fields in that language; Wagtail copies the rest (cms/translations.py). Each names
its `model` ("app.Model") and gives field values as data:
- a related record by its natural key (NATURAL_KEYS), a page by its path of slugs below the home
  page ("berichte/werkstattgespraech-…"; "" is the home page itself); a file by its path in
  content/ ("images/quartier.webp");
- orderables and a record's child rows as lists of tables, numbered in their order; tags and
  many-to-many relations as lists;
- rich text as a string, or a list of strings, one paragraph each; a link to a page as
  `<a linktype="page" path="…">`; StreamFields as lists of `{type, value}` with pages by path;
- a date or date-time as a TOML date or local date-time (Munich time), or as `{days = N}` from
  today, optionally `at` a local time, for content that must stay ahead of today.

Everything is found by its natural key (a page by its slug under its parent, a record by
NATURAL_KEYS, settings by the site) and created only when missing, so loading again changes
nothing and keeps what editors changed. The one exception keeps the demo current: a page with
dates relative to today that nobody but the loader saved gets them again once they have all passed.
"""

import io
import re
import tomllib
from datetime import datetime, time, timedelta
from pathlib import Path

from django.apps import apps
from django.core.files.images import ImageFile
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from taggit.managers import TaggableManager
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page

CONTENT = Path(__file__).parent / "content"

NATURAL_KEYS = {
    "organisations.Organisation": "name",
    "challenges.Challenge": "title",
    "wagtailimages.Image": "title",
    "newsletter.Interest": "name",
}

PAGE_LINK = re.compile(r'linktype="page" path="([^"]*)"')


def read(name):
    """One data file, as parsed TOML."""
    with (CONTENT / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def paragraphs(texts):
    return texts if isinstance(texts, str) else "".join(f"<p>{text}</p>" for text in texts)


def untouched(page):
    """Whether only the loader ever saved the page (an editor's revisions name their user)."""
    return not page.revisions.exclude(user=None).exists()


class Loader:
    def __init__(self, site):
        self.site = site
        self.home = site.root_page.specific if site else None
        self.today = timezone.localdate()

    def load(self, names):
        """The files' records, then their pages in file order, then the site's settings."""
        files = [read(name) for name in names]
        for record in (record for data in files for record in data.get("record", ())):
            self.record(record)
        for page in (page for data in files for page in data.get("page", ())):
            self.page(page)
        for item in (item for data in files for item in data.get("translation", ())):
            self.translation(item)
        for setting in (setting for data in files for setting in data.get("setting", ())):
            model = apps.get_model(setting["model"])
            fields, _later = self.values(model, without(setting, "model"))
            model.objects.get_or_create(site=self.site, defaults=fields)

    def record(self, data):
        model = apps.get_model(data["model"])
        key = NATURAL_KEYS[data["model"]]
        if model.objects.filter(**{key: data[key]}).exists():
            return
        fields, later = self.values(model, without(data, "model"))
        record = model.objects.create(**fields)
        for name, value in later.items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                getattr(record, name).set(value)
            else:  # rows that belong to the record
                for row in value:
                    setattr(row, field.field.name, record)
                    row.save()

    def page(self, data):
        """The page at data's parent and slug; created and published when there is none."""
        model = apps.get_model(data["model"])
        parent = self.find(data["parent"])
        data = without(data, "model", "parent")
        existing = parent.get_children().filter(slug=data["slug"]).first()
        if existing is None:
            self.add(parent, model, data)
        else:
            self.keep_ahead(existing.specific, data)

    def translation(self, data):
        """The page at data's path in data's language: copied into that language's tree (as
        the admin's "Translate" does, under aliases of parents not yet translated), given
        data's fields and published; when there is none yet."""
        page = self.find(data["page"])
        locale, _created = Locale.objects.get_or_create(language_code=data["language"])
        if page.get_translation_or_none(locale) is not None:
            return
        translated = page.copy_for_translation(locale, copy_parents=True)
        fields, _later = self.values(type(translated), without(data, "page", "language"))
        for name, value in fields.items():
            setattr(translated, name, value)
        translated.save_revision().publish()

    def add(self, parent, model, data):
        fields, tags = self.values(model, data)
        page = model(**fields)
        for name, values in tags.items():
            getattr(page, name).add(*values)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def keep_ahead(self, page, data):
        """Dates relative to today again, for a page nobody else saved whose dates all passed."""
        relative = {name: value for name, value in data.items() if isinstance(value, dict)}
        if not relative or not untouched(page):
            return
        now = timezone.now()
        if all(as_moment(getattr(page, name)) < now for name in relative):
            for name, value in relative.items():
                setattr(page, name, self.value(page._meta.get_field(name), value))
            page.save_revision().publish()

    def find(self, path):
        page = self.home
        for slug in filter(None, path.split("/")):
            page = page.get_children().get(slug=slug)
        return page.specific

    def values(self, model, data):
        """Field values for model from data, and those that can only be set once it exists:
        tags, and a record's many-to-many relations and rows."""
        fields, later = {}, {}
        for name, value in data.items():
            field = model._meta.get_field(name)
            if isinstance(field, TaggableManager):
                later[name] = value
            elif field.one_to_many:
                related = field.related_model
                rows = [related(**self.values(related, row)[0]) for row in value]
                for position, row in enumerate(rows):
                    if hasattr(row, "sort_order"):
                        row.sort_order = position
                if isinstance(field.remote_field, ParentalKey):
                    fields[name] = rows
                else:
                    later[name] = rows
            elif field.many_to_many:
                related = [self.related(field.related_model, key) for key in value]
                if issubclass(model, Page):
                    fields[name] = related
                else:
                    later[name] = related
            else:
                fields[name] = self.value(field, value)
        return fields, later

    def value(self, field, value):
        if isinstance(field, models.FileField):
            return ImageFile(io.BytesIO((CONTENT / value).read_bytes()), name=Path(value).name)
        if isinstance(field, models.ForeignKey):
            return self.related(field.related_model, value)
        if isinstance(field, StreamField):
            return self.block(field.stream_block, value)
        if isinstance(field, RichTextField):
            return self.rich_text(value)
        if isinstance(field, models.DateTimeField):
            if isinstance(value, dict):
                day = self.today + timedelta(days=value["days"])
                value = datetime.combine(day, value.get("at", time.min))
            return timezone.make_aware(value)
        if isinstance(field, models.DateField) and isinstance(value, dict):
            return self.today + timedelta(days=value["days"])
        return value

    def related(self, model, key):
        if issubclass(model, Page):
            return self.find(key)
        return model.objects.get(**{NATURAL_KEYS[model._meta.label]: key})

    def rich_text(self, value):
        return PAGE_LINK.sub(
            lambda link: f'linktype="page" id="{self.find(link[1]).pk}"', paragraphs(value)
        )

    def block(self, block, value):
        """A StreamField value as Wagtail stores it, from data that names pages by path."""
        if isinstance(block, blocks.StreamBlock):
            children = block.child_blocks
            return [
                {"type": item["type"], "value": self.block(children[item["type"]], item["value"])}
                for item in value
            ]
        if isinstance(block, blocks.StructBlock):
            children = block.child_blocks
            return {name: self.block(children[name], item) for name, item in value.items()}
        if isinstance(block, blocks.ListBlock):
            return [self.block(block.child_block, item) for item in value]
        if isinstance(block, blocks.PageChooserBlock):
            return self.find(value).pk
        if isinstance(block, blocks.RichTextBlock):
            return self.rich_text(value)
        return value


def as_moment(value):
    """A stored date or date-time, comparable with timezone.now()."""
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.max))


def without(data, *keys):
    return {name: value for name, value in data.items() if name not in keys}
