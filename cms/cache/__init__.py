"""Caching of what visitors see: whole pages for anonymous visitors, and for every page the site
frame's lookups (menu, addresses of the one-of-a-kind pages, the participation section, the
sections the home page routes through) and the listings' facts (counts per district, the
choices of the profiles' filters: under the listing version too).

Entries are checked against *versions*: tokens in the cache that a change replaces, which makes
every entry built under the old token unreachable at once (it expires on its own).
- The frame version: anything any page may show. The site frame (a page in the menu, a setting,
  the site), the page tree (a page unpublished, moved, renamed or deleted), the records pages
  show (tags, and the records whose model says shown_on_pages = EVERY_PAGE: organisations,
  challenges), images and documents.
  Raising it ends every entry.
- The listing version: a page published anywhere. Pages that list others (home, indexes, the
  tracker, search) depend on it, as does every page type that does not say what it shows.
- A page's own version, per address, and the version of each page type: a page type that
  declares `shows_page_types` (a report shows its follow-up event) depends only on its own
  address, the frame and those types. Publishing a report so leaves another report and a funding
  programme warm.
A change raises its versions twice: at once, and when its transaction commits, so that nothing
rendered from the data before the commit is kept under the new token.

A cached page holds nothing that belongs to one visitor: it is byte for byte the same for all,
so a CDN could serve it too (Cache-Control says for how long; Wagtail's frontend cache purge
tells it of each publish). Its forms carry no CSRF token (cms.views.serve checks the origin
instead) and get their signed "shown at" time from an uncached request (cms.forms); a page that
used a visitor's CSRF token or sets a cookie is not stored. Its key holds only the query
parameters that pages read (their query_parameters), so "?utm_source=…" and other noise share the
page's one entry instead of filling the cache with copies.

A cache hit costs one round trip (one MGET of the entry and the versions it may depend on); a
rendered page reads the frame in one more, and keeps it for the request.
"""
