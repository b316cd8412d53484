"""schema.org JSON-LD for a performance page, so search engines can list the evening.

Built as plain dicts here; the ``json_ld`` template filter writes them into the page head.
"""

from django.conf import settings

from articles.jsonld import picture
from newsroom.addresses import absolute_url, site_picture

from .calendar import SHOW_LENGTH, act_line

SCHEMA = "https://schema.org"


def start_and_end(performance) -> tuple[str, str]:
    """ISO 8601 with the +08:00 offset when a time is known (printed or the usual one), the
    evening lasting ``SHOW_LENGTH`` as in the calendar; else the date, for both.

    A date alone says "some time that day" rather than inventing midnight.
    """
    starts_at = performance.starts_at
    if starts_at is None:
        return performance.date.isoformat(), performance.date.isoformat()
    return starts_at.isoformat(), (starts_at + SHOW_LENGTH).isoformat()


def theater_event(performance) -> dict:
    """A ``TheaterEvent`` for ``performance`` (from ``visible().with_acts()``).

    Visible performances only point at published articles, so the article is always linked.
    """
    programme = performance.programme
    acts = performance.acts.all()
    performers = dict.fromkeys(credit.performer for act in acts for credit in act.credits.all())
    pieces = dict.fromkeys(act.piece for act in acts if act.piece.title)
    starts, ends = start_and_end(performance)
    location = {"@type": "Place", "name": programme.name}
    if programme.address:
        location["address"] = {"@type": "PostalAddress", "streetAddress": programme.address}
    event = {
        "@context": SCHEMA,
        "@type": "TheaterEvent",
        "name": programme.name,
        "startDate": starts,
        "endDate": ends,
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "location": location,
        "description": "；".join(act_line(act) for act in acts),
        "performer": [
            {
                "@type": "Person",
                "name": performer.name,
                "url": absolute_url(performer.get_absolute_url()),
            }
            for performer in performers
        ],
        "workPerformed": [
            {
                "@type": "CreativeWork",
                "name": piece.title,
                "genre": piece.form,
                "url": absolute_url(piece.get_absolute_url()),
            }
            for piece in pieces
        ],
        "url": absolute_url(performance.get_absolute_url()),
        # The announcing article's photo, else the paper's card: Google asks for an image.
        "image": [picture(performance.article)["url"]]
        if performance.article
        else [site_picture(settings.SITE_CARD)["url"]],
        "inLanguage": "zh-Hans",
    }
    if programme.organiser:
        event["organizer"] = {"@type": "Organization", "name": programme.organiser}
        if programme.organiser_url:
            event["organizer"]["url"] = programme.organiser_url
    if programme.free_admission:
        event["isAccessibleForFree"] = True
        event["offers"] = {
            "@type": "Offer",
            "price": 0,
            "priceCurrency": "CNY",
            "availability": f"{SCHEMA}/InStock",
            "url": event["url"],
        }
    if performance.article:
        event["subjectOf"] = {
            "@type": "NewsArticle",
            "headline": performance.article.title,
            "url": absolute_url(performance.article.get_absolute_url()),
        }
    return event
