import functools
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import slug_unicode_re
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.sitemaps import Sitemap
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES
from .cache.frame import from_site_frame
from .translations import german_locale_id, german_page, is_translation


def restricted_paths():
    """The tree paths of the sections with a view restriction (a password, a login, groups):
    usually none. Part of the site frame, so that checking one page costs no query."""
    return from_site_frame(
        "restricted-paths",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def any_view_restriction():
    """Whether any section of the site is private (usually none is)."""
    return bool(restricted_paths())


def german(pages):
    """The German pages of a queryset: the site's own (cms/translations.py)."""
    return pages.filter(locale=german_locale_id())


def unrestricted(pages):
    """The pages outside every section with a view restriction, in the query itself."""
    if not any_view_restriction():
        return pages
    restricted_ancestor = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.exclude(Exists(restricted_ancestor))


def shown(pages=None):
    """The live pages (of a queryset, all by default) outside every restricted section whose
    alias original (if any) is so too: the part of visible() that each page answers for
    itself, as conditions on the pages' own rows. While no section is private (the usual
    case) the original is checked by a join, which is built and run in a fraction of the time
    of a subquery."""
    live = unrestricted((Page.objects if pages is None else pages).filter(live=True))
    if not any_view_restriction():
        return live.filter(Q(alias_of=None) | Q(alias_of__live=True))
    originals = unrestricted(Page.objects.live()).values("pk")
    return live.filter(Q(alias_of=None) | Q(alias_of__in=originals))


def visible(pages):
    """The one rule of who may see a page anywhere it leaves the site without asking who
    looks (listings, feeds, search, sitemap, counts, related pages, the open data API): the
    page is live and outside every restricted section, and so is each page it stands for: a
    translation's German page, an alias's original. The English tree carries none of the
    German restrictions, and an alias none of its original's, so both are judged by the page
    whose content they show. The page view asks the same per page, of the viewer
    (view_restrictions); docs/security.md has the whole access model."""
    pages_shown = shown()
    german_shown = german(pages_shown).values("translation_key")
    rule = pages_shown.filter(Q(locale=german_locale_id()) | Q(translation_key__in=german_shown))
    # By id, so that a search (which filters by indexed fields only) can take it too.
    return pages.filter(pk__in=rule.values("pk"))


def published(pages):
    """The visible German pages: what listings, feeds, search and the API show (a page's
    translation takes its place when shown, cms/translations.py), in the listing's own query
    (Wagtail's .public() first fetches every view restriction, a query per listing), on the
    listing's own rows rather than through a subquery of all pages. For a German page
    visible() asks no more than shown(): the clause about translations holds."""
    return german(shown(pages))


def stands_for(page):
    """The pages whose visibility a page's own depends on: itself, the German page of a
    translation, the original of an alias."""
    pages = [page]
    if is_translation(page):
        pages += [p for p in [page.get_translation_or_none(german_locale_id())] if p]
    if page.alias_of_id:
        pages.append(page.alias_of)
    return pages


def is_visible(page):
    """visible() for one page: no query for a German page that is no alias."""
    paths = restricted_paths()
    return all(
        p.live and not any(p.path.startswith(path) for path in paths) for p in stands_for(page)
    )


class PagesSitemap(Sitemap):
    """Wagtail's sitemap of the site's pages, by the one rule (visible German pages)."""

    def items(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return published(pages).order_by("path").defer_streamfields().specific()


WAGTAIL_VIEW_RESTRICTIONS = Page.get_view_restrictions


def view_restrictions(page):
    """Page.get_view_restrictions (checked before every page is served; cms/patches.py puts
    it in Wagtail's place): Wagtail's, which judge an alias by its original, and for a translation
    also those of its German page, so that no English copy shows what its German page hides.
    No query while no section is private."""
    if not any_view_restriction():
        return PageViewRestriction.objects.none()
    restrictions = WAGTAIL_VIEW_RESTRICTIONS(page)
    for source in stands_for(page)[1:]:
        restrictions |= WAGTAIL_VIEW_RESTRICTIONS(source)
    return restrictions


def slug_param(request, name):
    """A filter's slug from the query string, or "" when it is missing or no slug at all (a
    hand-made address must not reach the database with, say, a NUL byte)."""
    value = request.GET.get(name, "")
    return value if slug_unicode_re.fullmatch(value) else ""


def choice_param(request, name, choices):
    """A filter's value from the query string if it is one of the choices (a Django choices
    class, or the values on offer), else "": what a listing filters by is always a value it
    offered, so no hand-made address ("?year=0", "?year=²") reaches a lookup that fails."""
    value = request.GET.get(name, "")
    allowed = getattr(choices, "values", choices)
    return value if value in {str(choice) for choice in allowed} else ""


def page_of(request, items, per_page):
    """The page of a listing that ?page= asks for (the last one for a number too high, the
    first for anything else)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def route_locations(page, request, route, values):
    """Sitemap entries for a routable page's subpages: one per value of the route's argument
    (a challenge's slug, a department's id)."""
    base = page.get_full_url(request)
    return [{"location": base + page.reverse_subpage(route, args=[v])} for v in values]


def url_of(page_model):
    """The address of the site's one live page of this type (the challenge tracker, the guide),
    or "" while there is none; kept until the content changes, so links to it cost no query."""
    return from_site_frame(
        f"url-of:{page_model._meta.label}:{translation.get_language()}",
        lambda: getattr(published(page_model.objects).first(), "url", None) or "",
    )


@functools.cache
def service(path):
    """The function at this dotted path, imported when first called. A page names the service
    that does its writes this way (as Wagtail's subpage_types names page types): the app's
    services import the page type, so the page cannot import them."""
    return import_string(path)


class FormPageMixin(RoutablePageMixin):
    """A page that hosts one public form: editors write the text around it; the page shows the
    form, hands valid data to its service (form_submitted) and answers with its thank-you
    address (post/redirect/get, so reloading the thank-you page sends nothing again). What the
    service adds to that address is read by thank_you_text() (nothing about the person: the
    address is cached like any page)."""

    form_class = None  # a cms.forms.SpamProtectedForm
    # What a valid form does: the dotted path of a function in the app's services, called with
    # the page and the form. It returns query parameters for the thank-you address (or None),
    # or a response that leads elsewhere (the payment page), and raises ValidationError where
    # only the write itself can tell that it cannot be done (an event filled up meanwhile): the
    # form comes back with that message.
    form_submitted = None

    @functools.cached_property
    def rules(self):
        """The page whose settings govern the form: the German page. A translation changes
        words, not rules (cms/translations.py): which questions are asked and which concern
        health, the retention period, whether an address is asked, capacity and status, the
        amounts and the bank account are the German page's, and so is what the form sends."""
        return german_page(self)

    def get_form_kwargs(self):
        """What the form needs from the page besides the request: its rules from self.rules,
        its words from self."""
        return {}

    def get_initial(self, request):
        """Values the form starts with."""
        return {}

    @path("")
    def form_view(self, request):
        if request.method == "POST":
            form = self.form_class(request.POST, request=request, **self.get_form_kwargs())
            if form.is_valid():
                try:
                    outcome = service(self.form_submitted)(self.rules, form)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    if isinstance(outcome, HttpResponse):
                        return outcome
                    query = f"?{urlencode(outcome)}" if outcome else ""
                    return redirect(self.url + self.reverse_subpage("thanks") + query)
        else:
            form = self.form_class(
                request=request, initial=self.get_initial(request), **self.get_form_kwargs()
            )
        return self.render(request, context_overrides={"form": form})

    def thank_you_text(self, request):
        return self.thank_you

    @path("danke/", name="thanks")
    def thanks(self, request):
        context = {**self.get_context(request), "thank_you_text": self.thank_you_text(request)}
        return TemplateResponse(request, "forms/thanks.html", context)


class ListingPage(Page):
    """A section of the site under the home page, in its menu: an introduction above the
    published pages of its one subpage type (listed()), which the section filters and pages
    through in its own way."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    show_in_menus_default = True

    class Meta:
        abstract = True

    def route(self, request, path_components):
        """Wagtail's route, reading a subpage of the listed type as that type at once, with
        the records its page type says it shows (read_with) joined: one query for the step
        where Wagtail makes two (the page, then its type) and each record one more. Anything else
        (a form page beside the listing, a page made before its section had its rule) is
        routed as Wagtail routes it."""
        if path_components and (page_type := self.listed_type()):
            subpage = (
                page_type.objects.child_of(self)
                .select_related(*getattr(page_type, "read_with", ()))
                .filter(slug=path_components[0])
                .first()
            )
            if subpage is not None:
                subpage._cached_parent_obj = self  # as Wagtail's route keeps it
                return subpage.route(request, path_components[1:])
        return super().route(request, path_components)

    def listed_type(self):
        """The page type the section lists: its one subpage type (None for a section whose
        pages are not pages, such as the challenge tracker's)."""
        page_types = self.allowed_subpage_models()
        return page_types[0] if len(page_types) == 1 else None

    def listed(self):
        """The section's published pages, of its one subpage type."""
        return published(self.listed_type().objects).child_of(german_page(self))
