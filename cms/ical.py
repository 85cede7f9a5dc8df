"""iCalendar (RFC 5545) files the site publishes: events, funding deadlines."""

from datetime import timedelta

from django.http import HttpResponse
from icalendar import Calendar

PRODID = "-//Münchner Initiative Nachhaltigkeit//Website//DE"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# How often subscribed calendars should fetch a feed again.
REFRESH = timedelta(hours=12)


def new_calendar(name, uid=None):
    """An empty calendar that subscribed apps refresh twice a day."""
    cal = Calendar.new(
        prodid=PRODID, method="PUBLISH", name=name, uid=uid, refresh_interval=REFRESH
    )
    cal.add("x-published-ttl", REFRESH)  # Outlook's name for REFRESH-INTERVAL
    return cal


def calendar_response(content, filename=None):
    """A calendar for a browser: a file to download when a filename is given, else a feed to
    subscribe to."""
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
