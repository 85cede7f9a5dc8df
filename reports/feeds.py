from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cms.pages import published

from .models import ReportPage

FEED_LENGTH = 20


class ReportFeed(Feed):
    """The newest workshop reports as an Atom feed, for feed readers and the press."""

    feed_type = Atom1Feed
    title = _("MIN – workshop reports")
    subtitle = _("Reports of the Münchner Initiative Nachhaltigkeit")
    link = "/"
    language = settings.LANGUAGE_CODE

    def items(self):
        return published(ReportPage.objects).order_by("-date", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.teaser

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(12)))

    def item_updateddate(self, item):
        return item.last_published_at
