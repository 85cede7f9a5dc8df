"""Events as schema.org Event data (JSON-LD in the page's head), so that search engines and
calendars understand them; beside ical.py, the same events as iCalendar."""

from django.utils import timezone

EVENT_STATUS = {
    "scheduled": "EventScheduled",
    "rescheduled": "EventRescheduled",
    "postponed": "EventPostponed",
    "moved_online": "EventMovedOnline",
    "cancelled": "EventCancelled",
}


def event_data(event, request=None):
    """The event page's schema.org Event: where (a place, online or both), when, who invites,
    the image, and the seats as a free offer where registration is required."""
    url = event.get_full_url(request)
    places = []
    if event.address_lines() and event.status != "moved_online":
        places.append(
            {
                "@type": "Place",
                "name": event.venue or event.street,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": event.street,
                    "postalCode": event.postcode,
                    "addressLocality": event.city,
                    "addressCountry": "DE",
                },
            }
        )
    if event.online_url:
        places.append(
            {
                "@type": "VirtualLocation",
                "url": event.public_online_url() or url,
            }
        )
    mode = "Mixed" if len(places) == 2 else "Online" if event.online_url else "Offline"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.teaser,
        "url": url,
        "startDate": date_or_datetime(event.start, event.all_day),
        "endDate": date_or_datetime(event.end, event.all_day),
        "eventStatus": f"https://schema.org/{EVENT_STATUS[event.status]}",
        "eventAttendanceMode": f"https://schema.org/{mode}EventAttendanceMode",
        "location": places[0] if len(places) == 1 else places,
        "organizer": [o.schema_org() for o in event.organisers],
        "inLanguage": "de",
        "isAccessibleForFree": True,
    }
    if event.image:
        rendition = event.image.get_rendition("fill-1200x630|format-webp")
        data["image"] = rendition.full_url
    if event.registration_required:
        data["offers"] = {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "EUR",
            "url": url,
            "validThrough": event.registration_closes_at.isoformat(),
            "availability": "https://schema.org/"
            + ("SoldOut" if event.is_full and not event.waitlist else "InStock"),
        }
    return data


def date_or_datetime(moment, all_day):
    moment = timezone.localtime(moment)
    return moment.date().isoformat() if all_day else moment.isoformat()
