"""The open data API (Wagtail's API v2 at /api/v2/): what the site publishes, as JSON for
partners and the city to reuse. Read-only, open to every origin for GET (CORS), cacheable for
five minutes by browsers and proxies. Each app says in its models' api_fields which fields are
public; nothing a person typed into a form is among them (tests/test_open_data.py)."""

from django.utils.cache import patch_cache_control
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet

from .pages import german, visible

API_CACHE_SECONDS = 300


class OpenData:
    """CORS and caching for an endpoint's answers."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=API_CACHE_SECONDS)
        return response


class PagesEndpoint(OpenData, PagesAPIViewSet):
    """Published pages; ?type=reports.ReportPage with the fields that type makes public. A
    page type names in api_prefetch the relations its fields read, so that a list costs the
    same number of queries however long it is. The German pages, as on the site; ?locale=en
    lists the English translations (?translation_of=ID finds a page's).

    The same answer for everyone (it is cached by proxies and read from other sites): the
    pages anyone may see (cms.pages.visible), never more for a signed-in visitor, whom
    Wagtail's own base queryset lets into the sections her login opens."""

    def get_base_queryset(self):
        # Also the pages ?child_of= and ?descendant_of= may name.
        return visible(super().get_base_queryset())

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")  # in each page's meta
        if "locale" not in self.request.GET and "translation_of" not in self.request.GET:
            queryset = german(queryset)
        return queryset.prefetch_related(*getattr(queryset.model, "api_prefetch", ()))


class RecordsEndpoint(OpenData, BaseAPIViewSet):
    """Records that are not pages (organisations, challenges), listed with their public
    fields."""

    listing_default_fields = BaseAPIViewSet.listing_default_fields

    @classmethod
    def get_listing_default_fields(cls, model):
        return [*cls.listing_default_fields, *(f.name for f in cls.get_body_fields(model)[1:])]
