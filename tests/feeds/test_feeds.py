"""Atom feeds and the iCalendar feed: valid documents a feed reader or calendar accepts."""

import xml.etree.ElementTree as ET
from datetime import timedelta

from icalendar import Calendar

from app.core.timeutil import utcnow
from app.proposals.models import Stage

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(response):
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)  # noqa: S314 (the application's own response)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text, required
        # A link without rel is the entry's alternate (RFC 4287, 4.2.7.2).
        links = [
            x for x in entry.findall(f"{ATOM}link") if x.get("rel", "alternate") == "alternate"
        ]
        assert links
        assert links[0].get("href").startswith("http")
    return feed


def test_the_consultations_feed_lists_public_consultations_in_the_chosen_language(client, make):
    make.consultation(
        phase="scheduled", title_bg="Нов план", title_en="New plan", published_at=utcnow()
    )
    make.consultation(phase="draft", title_bg="Чернова", title_en="Draft")
    english = parse_atom(client.get("/feeds/consultations.atom?lang=en"))
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    titles = [e.find(f"{ATOM}title").text for e in english.findall(f"{ATOM}entry")]
    assert titles == ["New plan"]
    bulgarian = parse_atom(client.get("/feeds/consultations.atom?lang=bg"))
    assert [e.find(f"{ATOM}title").text for e in bulgarian.findall(f"{ATOM}entry")] == ["Нов план"]
    entry = bulgarian.find(f"{ATOM}entry")
    assert "lang=bg" in entry.find(f"{ATOM}link").get("href")


def test_a_title_missing_in_one_language_falls_back_to_the_other(client, make):
    make.consultation(phase="open", title_bg="Само български", title_en="")
    feed = parse_atom(client.get("/feeds/consultations.atom?lang=en"))
    assert feed.find(f"{ATOM}entry/{ATOM}title").text == "Само български"


def test_the_reports_feed_has_published_reports_only(client, make):
    make.consultation(phase="report_published", title_en="Reported", report_published_at=utcnow())
    make.consultation(phase="closed", title_en="Still closed")
    feed = parse_atom(client.get("/feeds/reports.atom?lang=en"))
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["Report: Reported"]


def test_the_proposals_feed_has_answered_proposals(client, make):
    author = make.citizen()
    now = utcnow()
    make.proposal(
        author,
        title="Велоалея",
        stage=Stage.ACCEPTED,
        answer_bg="Приема се.",
        answer_en="Accepted, work starts in spring.",
        answered_at=now,
        first_answered_at=now,
    )
    make.proposal(author, title="Без отговор")
    feed = parse_atom(client.get("/feeds/proposals.atom?lang=en"))
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Велоалея — Accepted"]
    assert entries[0].find(f"{ATOM}summary").text == "Accepted, work starts in spring."


def test_an_empty_feed_is_still_valid(client):
    for name in ("consultations", "reports", "proposals"):
        feed = parse_atom(client.get(f"/feeds/{name}.atom"))
        assert feed.findall(f"{ATOM}entry") == []


def test_the_calendar_has_an_all_day_event_per_consultation_period(client, make):
    consultation = make.consultation(phase="open", title_en="Budget 2027")
    make.consultation(phase="draft")
    response = client.get("/feeds/consultations.ics?lang=en")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == consultation.opens_on
    # DTEND of an all-day event is the day after the last one.
    assert event.decoded("dtend") == consultation.closes_on + timedelta(days=1)
    assert str(event["summary"]) == "Consultation: Budget 2027"
    assert str(event["uid"]).startswith(f"consultation-{consultation.id}@")
    assert f"/consultations/{consultation.id}" in str(event["url"])


def test_pages_announce_the_feeds(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert 'type="application/atom+xml"' in html
    assert "/feeds/consultations.atom?lang=en" in html
    assert "/feeds/consultations.ics" in html
    assert "/participation/" in html
