import re

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Page

SEARCH_RESULTS_PER_PAGE = 10
# Visitors search for words; operators and quotes would reach the full-text engine's query
# syntax (SQLite's FTS5 fails on an unmatched quote).
NON_WORD = re.compile(r"[^\w\s]+")


@require_GET
def search(request):
    query = "".join(char for char in request.GET.get("q", "") if char.isprintable())
    query = query.strip()[:200]
    words = " ".join(NON_WORD.sub(" ", query).split())
    results = (
        Page.objects.live().public().specific().search(words) if words else Page.objects.none()
    )
    return render(
        request,
        "home/search.html",
        {
            "query": query,
            "results": Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(
                request.GET.get("page")
            ),
        },
    )


@require_GET
def robots_txt(request):
    return render(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )
