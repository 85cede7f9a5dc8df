from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Page

from cms.pages import page_of, published
from cms.search import plain_words

SEARCH_RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    query = "".join(char for char in request.GET.get("q", "") if char.isprintable())
    query = query.strip()[:200]
    words = plain_words(query)  # visitors search for words, not the engine's query syntax
    # German pages, as every listing (cms.pages.published): a translation is shown in its
    # German page's place. By id, as a search filters by indexed fields only.
    pages = Page.objects.filter(pk__in=published(Page.objects).values("pk"))
    results = pages.specific().search(words) if words else Page.objects.none()
    return render(
        request,
        "home/search.html",
        {
            "query": query,
            "results": page_of(request, results, SEARCH_RESULTS_PER_PAGE),
        },
    )


search.query_parameters = ("q", "page")  # cms/cache/parameters.py


@require_GET
def robots_txt(request):
    return render(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )
