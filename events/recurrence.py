"""The dates of a series: every n weeks on the first event's weekday, or every n months on the
same weekday of the month ("every second Tuesday"), until a date or a number of dates, less the
dates left out and with the dates moved (EventException). Times are Munich's wall-clock times:
an 18:00 meeting stays at 18:00 across the change to and from summer time."""

from datetime import datetime, timedelta

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from django.utils import timezone
from django.utils.translation import gettext as _

MAX_OCCURRENCES = 60
LIMIT = timedelta(days=2 * 366)  # a series reaches at most two years ahead


def weekday_in_month(first):
    """(weekday, n) of a day: Tuesday, 2 for the second Tuesday; the fifth counts as the last
    (-1), which every month has."""
    nth = (first.day - 1) // 7 + 1
    return first.weekday(), nth if nth < 5 else -1


def rule(event):
    """The dateutil rule of the event's series (dates, as naive local midnights)."""
    first = timezone.localtime(event.start)
    until = (
        datetime.combine(event.repeat_until, datetime.min.time()) if event.repeat_until else None
    )
    options = {
        "interval": event.repeat_interval,
        "dtstart": datetime.combine(first.date(), datetime.min.time()),
        "until": until,
        "count": None if until else event.repeat_count,
    }
    if event.repeat == "monthly":
        day, nth = weekday_in_month(first)
        return rrule(MONTHLY, byweekday=weekday(day, nth), **options)
    return rrule(WEEKLY, **options)


def rule_dates(event):
    """Every date the rule gives, the first event's own first, at most MAX_OCCURRENCES."""
    if not event.repeat:
        return [timezone.localdate(event.start)]
    last = timezone.localdate(event.start) + LIMIT
    dates = []
    for moment in rule(event):
        if moment.date() > last or len(dates) == MAX_OCCURRENCES:
            break
        dates.append(moment.date())
    return dates


def times_on(event, day):
    """The first event's start and end, moved to that day at the same wall-clock times."""
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    zone = timezone.get_current_timezone()
    new_start = timezone.make_aware(datetime.combine(day, start.time()), zone)
    end_day = day + (end.date() - start.date())
    return new_start, timezone.make_aware(datetime.combine(end_day, end.time()), zone)


def rrule_for_ical(event):
    """The series' rule as iCalendar's RRULE value."""
    value = {"FREQ": event.repeat.upper(), "INTERVAL": event.repeat_interval}
    if event.repeat_until:
        zone = timezone.get_current_timezone()
        end_of_day = datetime.combine(
            event.repeat_until, datetime.max.time().replace(microsecond=0)
        )
        value["UNTIL"] = timezone.make_aware(end_of_day, zone).astimezone(timezone.UTC)
    elif event.repeat_count:
        value["COUNT"] = event.repeat_count
    if event.repeat == "monthly":
        day, nth = weekday_in_month(timezone.localtime(event.start))
        value["BYDAY"] = f"{nth}{('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')[day]}"
    return value


def series_errors(event):
    """What is wrong with an event's series settings, by field."""
    errors = {}
    if event.series_id and event.repeat:
        errors["repeat"] = _("A date of a series cannot start a series of its own.")
    if not event.repeat or not event.start:
        return errors
    if not (event.repeat_until or event.repeat_count):
        errors["repeat_until"] = _("Say until when the series runs, or how many dates it has.")
    elif event.repeat_until and event.repeat_until <= timezone.localdate(event.start):
        errors["repeat_until"] = _("The series must end after its first date.")
    return errors


def exception_dates(event):
    """{date: new start, or None if left out} of the series' exceptions on its dates."""
    dates = set(rule_dates(event)[1:])
    return {e.date: e.moved_to for e in event.exceptions.all() if e.date in dates}
