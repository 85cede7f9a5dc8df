"""Events as iCalendar (RFC 5545): a download per event, a feed of all upcoming ones, and the
attachment of a registration's confirmation."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Event

from cms.ical import new_calendar

from .recurrence import rrule_for_ical, rule_dates, times_on

ICAL_STATUS = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}


def calendar(events, name, uid=None, for_registrant=False, series=None):
    """The events as an iCalendar file (bytes); for_registrant adds what only registered people
    get (the link to join online). With series ({first event: its live dates}, for a feed),
    the dates of each series are one entry with its RRULE, the dates left out as EXDATE and
    the dates that differ (moved, cancelled) as entries with their RECURRENCE-ID."""
    events = list(events)
    cal = new_calendar(name, uid)
    for event in events:
        if not (series and event.in_series):
            cal.add_component(component(event, for_registrant))
    for first, dates in (series or {}).items():
        for part in series_components(first, dates):
            cal.add_component(part)
    if events:
        # The time zone's rules, for the span of these events only.
        cal.add_missing_timezones(
            first_date=min(timezone.localdate(e.start) for e in events),
            last_date=max(timezone.localdate(e.end) for e in events) + timedelta(days=1),
        )
    return cal.to_ical()


def component(event, for_registrant):
    online_url = event.online_url if for_registrant else event.public_online_url()
    if event.all_day:
        # Whole days; DTEND is the day after the last (RFC 5545, 3.6.1).
        start = timezone.localdate(event.start)
        end = timezone.localdate(event.end) + timedelta(days=1)
    else:
        start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    description = [event.teaser]
    if online_url:
        description.append(f"Online: {online_url}")
    description.append(event.full_url)
    modified = event.last_published_at or timezone.now()
    return Event.new(
        # Stays the same however the event is edited, so calendars update it in place.
        uid=str(event.translation_key),
        summary=event.title,
        description="\n\n".join(description),
        start=start,
        end=end,
        location=(
            (event.status != "moved_online" and ", ".join(event.address_lines()))
            or online_url
            or None
        ),
        url=event.full_url,
        categories=[topic.name for topic in event.topics.all()] or None,  # no empty line
        stamp=modified,
        last_modified=modified,
        # A moved event keeps its UID and shows its new time; a called-off one is CANCELLED,
        # so calendars strike it rather than lose it (RFC 5545, 3.8.1.11).
        status=ICAL_STATUS.get(event.status, "CONFIRMED"),
    )


def calendar_attachment(event):
    """The event for a registrant's email, with the link to join online."""
    content = calendar([event], event.title, for_registrant=True)
    return (f"{event.slug}.ics", content, "text/calendar")


def series_components(first, dates):
    """A series as its first event with the rule, less what is not as the rule says."""
    pages = {page.occurrence_date: page for page in dates}
    main = component(first, for_registrant=False)
    main.add("rrule", rrule_for_ical(first))
    parts, left_out = [main], []
    for day in rule_dates(first)[1:]:
        planned = times_on(first, day)[0]
        page = pages.get(day)
        if page is None:
            left_out.append(planned)
        elif page.start != planned or page.status != "scheduled":
            part = component(page, for_registrant=False)
            part["uid"] = main["uid"]  # the same series, one date of it
            part.add("recurrence-id", timezone.localtime(planned))
            parts.append(part)
    if left_out:
        main.add("exdate", [timezone.localtime(moment) for moment in left_out])
    return parts
