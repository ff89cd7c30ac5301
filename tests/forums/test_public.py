"""The public forthcoming dates of a partnership's forums, and the iCalendar feeds: no
sign-in, public details only (date, time, place or "Online"), never a link or a case."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from inclusion.forums.selectors.public import forthcoming_public_meetings
from tests.forums.factories import accepted_referral, make_meeting, schedule

LINK = "https://meet.example.org/secret-room-123"
LONDON = zoneinfo.ZoneInfo("Europe/London")


def arranged(county):
    user = county.memberships["coordinator"].user
    meetings = {
        "soon": make_meeting(partnership=county.partnership, by=user, days_ahead=5),
        "online": make_meeting(
            partnership=county.partnership, by=user, days_ahead=40, location="", online_link=LINK
        ),
        "past": make_meeting(partnership=county.partnership, by=user, days_ahead=-3),
        "cancelled": make_meeting(
            partnership=county.partnership, by=user, days_ahead=9, is_cancelled=True
        ),
        "other": make_meeting(partnership=county.other_partnership, by=user, days_ahead=6),
    }
    schedule(meetings["soon"], accepted_referral(county), user)
    return meetings


def test_the_public_page_lists_forthcoming_meetings_only(county):
    meetings = arranged(county)
    response = Client().get(
        reverse("forums:public_dates", kwargs={"partnership_pk": county.partnership.pk})
    )
    assert response.status_code == 200
    page = response.content.decode()
    day = lambda m: f"{timezone.localtime(m.starts_at):%-d %B %Y}"  # noqa: E731
    assert day(meetings["soon"]) in page
    assert day(meetings["online"]) in page
    assert day(meetings["past"]) not in page
    assert day(meetings["cancelled"]) not in page
    assert day(meetings["other"]) not in page
    assert "Fictional Community Hall, Hinckley" in page
    assert "Online" in page
    assert "9:30am to 11:30am" in page
    assert LINK not in page
    assert "secret-room" not in page
    assert county.pupil_a.legal_last_name not in page
    assert "Chris Chair" not in page


def test_an_unknown_partnership_is_404(db):
    import uuid

    for name in ("forums:public_dates", "forums:ical"):
        assert (
            Client().get(reverse(name, kwargs={"partnership_pk": uuid.uuid4()})).status_code == 404
        )


def test_the_feed_parses_and_holds_only_forthcoming_public_details(county):
    meetings = arranged(county)
    response = Client().get(
        reverse("forums:ical", kwargs={"partnership_pk": county.partnership.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    uids = {str(event["UID"]) for event in events}
    assert uids == {f"{meetings[k].pk}@inclusion-partnerships.forums" for k in ("soon", "online")}
    for event in events:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start.tzinfo is not None
        assert str(start.tzinfo) == "Europe/London"
        assert end > start
        assert event.decoded("DTSTAMP").tzinfo is not None
        assert str(event["SUMMARY"]) == "Hinckley and Bosworth Partnership Inclusion Forum"
        assert "DESCRIPTION" not in event
        assert "URL" not in event
        assert "ATTENDEE" not in event
    soon = next(e for e in events if str(e["UID"]).startswith(str(meetings["soon"].pk)))
    assert soon.decoded("DTSTART") == meetings["soon"].starts_at.astimezone(LONDON)
    assert str(soon["LOCATION"]) == "Fictional Community Hall, Hinckley"
    online = next(e for e in events if str(e["UID"]).startswith(str(meetings["online"].pk)))
    assert str(online["LOCATION"]) == "Online"
    raw = response.content.decode()
    for secret in (
        LINK,
        "secret-room",
        county.pupil_a.legal_last_name,
        "Chris Chair",
        "Casey Clerk",
    ):
        assert secret not in raw.replace("\r\n ", "")


def test_the_county_feed_holds_every_partnerships_forthcoming_meetings(county):
    meetings = arranged(county)
    response = Client().get(reverse("forums:ical_all"))
    events = Calendar.from_ical(response.content).walk("VEVENT")
    summaries = {str(event["SUMMARY"]) for event in events}
    assert len(events) == 3
    assert summaries == {
        "Hinckley and Bosworth Partnership Inclusion Forum",
        "Melton and Rutland Partnership Inclusion Forum",
    }
    uids = {str(event["UID"]) for event in events}
    assert f"{meetings['other'].pk}@inclusion-partnerships.forums" in uids
    assert not any(str(meetings[k].pk) in uid for uid in uids for k in ("past", "cancelled"))


def test_the_selector_for_the_advice_pages(county):
    meetings = arranged(county)
    today = timezone.localdate()
    mine = list(forthcoming_public_meetings(partnership=county.partnership, today=today))
    assert mine == [meetings["soon"], meetings["online"]]
    everyone = list(forthcoming_public_meetings(today=today))
    assert meetings["other"] in everyone
    assert meetings["past"] not in everyone
    later = list(forthcoming_public_meetings(today=today + dt.timedelta(days=10)))
    assert later == [meetings["online"]]


def test_public_pages_keep_a_constant_query_count(county):
    user = county.memberships["coordinator"].user
    make_meeting(partnership=county.partnership, by=user, days_ahead=2)
    urls = [
        reverse("forums:public_dates", kwargs={"partnership_pk": county.partnership.pk}),
        reverse("forums:ical", kwargs={"partnership_pk": county.partnership.pk}),
        reverse("forums:ical_all"),
    ]
    small = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            Client().get(url)
        small.append(len(queries))
    for days in range(3, 15):
        make_meeting(partnership=county.partnership, by=user, days_ahead=days)
        make_meeting(partnership=county.other_partnership, by=user, days_ahead=days)
    for url, before in zip(urls, small, strict=True):
        with CaptureQueriesContext(connection) as queries:
            Client().get(url)
        assert len(queries) == before, url
