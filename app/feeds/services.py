"""The feeds' content, in the requested language; feedgen writes the Atom, icalendar the ICS."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..consultations.models import Consultation, ConsultationState
from ..core.i18n import current_language, localized
from ..core.timeutil import utcnow
from ..extensions import db
from ..moderation.models import ModerationStatus
from ..proposals.models import Proposal

FEED_SIZE = 50
CALENDAR_SIZE = 500


def _aware(moment: datetime | None) -> datetime:
    return (moment or utcnow()).replace(tzinfo=UTC)


def _host() -> str:
    return urlsplit(request.host_url).hostname or "glas.local"


def _feed(endpoint: str, title: str, subtitle: str, lang: str) -> FeedGenerator:
    feed = FeedGenerator()
    self_url = url_for(endpoint, lang=lang, _external=True)
    feed.id(self_url)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.language(lang)
    feed.author({"name": _("Glas")})
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=url_for("core.home", lang=lang, _external=True), rel="alternate")
    feed.rights("CC BY 4.0")
    return feed


def _entry(feed, endpoint, lang, *, title, published, updated, summary, category=None, **args):
    """One Atom entry for the page at `endpoint` (with `args`): its id is the page's address,
    its link the page in `lang`. Returns when it was updated, for the feed's own moment."""
    entry = feed.add_entry(order="append")
    entry.id(url_for(endpoint, **args, _external=True))
    entry.title(title)
    entry.link(href=url_for(endpoint, **args, lang=lang, _external=True), rel="alternate")
    entry.published(published)
    entry.updated(updated)
    if category is not None:
        entry.category(term=category.value, label=str(category.label))
    entry.summary(summary)
    return updated


def _finish(feed: FeedGenerator, moments: list[datetime]) -> bytes:
    feed.updated(max(moments) if moments else _aware(None))
    return feed.atom_str(pretty=True)


def consultations_atom() -> bytes:
    """Public consultations, the most recently published first: new and upcoming ones on top."""
    lang = current_language()
    consultations = db.session.scalars(
        select(Consultation)
        .where(Consultation.public_clause())
        .order_by(Consultation.published_at.desc().nulls_last(), Consultation.id.desc())
        .limit(FEED_SIZE)
    ).all()
    feed = _feed(
        "feeds.consultations",
        _("Glas: consultations"),
        _("New and upcoming public consultations of the City."),
        lang,
    )
    moments = []
    for c in consultations:
        period = _(
            "Comments from %(start)s to %(end)s.",
            start=format_date(c.opens_on, "long"),
            end=format_date(c.closes_on, "long"),
        )
        moment = _entry(
            feed,
            "consultations.detail",
            lang,
            consultation_id=c.id,
            title=localized(c, "title", lang).text,
            published=_aware(c.published_at or c.created_at),
            updated=_aware(c.updated_at),
            category=c.phase,
            summary=f"{localized(c, 'summary', lang).text}\n\n{period}".strip(),
        )
        moments.append(moment)
    return _finish(feed, moments)


def reports_atom() -> bytes:
    lang = current_language()
    consultations = db.session.scalars(
        select(Consultation)
        .where(Consultation.state == ConsultationState.REPORT_PUBLISHED)
        .order_by(Consultation.report_published_at.desc(), Consultation.id.desc())
        .limit(FEED_SIZE)
    ).all()
    feed = _feed(
        "feeds.reports",
        _("Glas: consultation reports"),
        _("Published reports: every comment received and the City's reasoned response."),
        lang,
    )
    moments = []
    for c in consultations:
        published = _aware(c.report_published_at)
        moment = _entry(
            feed,
            "reports.consultation_report",
            lang,
            consultation_id=c.id,
            title=_("Report: %(title)s", title=localized(c, "title", lang).text),
            published=published,
            updated=published,
            summary=localized(c, "summary", lang).text,
        )
        moments.append(moment)
    return _finish(feed, moments)


def proposals_atom() -> bytes:
    lang = current_language()
    proposals = db.session.scalars(
        select(Proposal)
        .where(
            Proposal.moderation_status == ModerationStatus.APPROVED,
            Proposal.answered_at.is_not(None),
        )
        .options(joinedload(Proposal.category))
        .order_by(Proposal.answered_at.desc(), Proposal.id.desc())
        .limit(FEED_SIZE)
    ).all()
    feed = _feed(
        "feeds.proposals",
        _("Glas: answered proposals"),
        _("Citizen proposals the City has answered, with its reasons."),
        lang,
    )
    moments = []
    for p in proposals:
        moment = _entry(
            feed,
            "proposals.detail",
            lang,
            proposal_id=p.id,
            title=f"{p.title} — {p.stage.label}",
            published=_aware(p.created_at),
            updated=_aware(p.answered_at),
            category=p.stage,
            summary=localized(p, "answer", lang).text,
        )
        moments.append(moment)
    return _finish(feed, moments)


def consultations_ics() -> bytes:
    """One all-day event per public consultation, from its first to its last day for comments."""
    lang = current_language()
    consultations = db.session.scalars(
        select(Consultation)
        .where(Consultation.public_clause())
        .order_by(Consultation.opens_on.desc(), Consultation.id.desc())
        .limit(CALENDAR_SIZE)
    ).all()
    calendar = Calendar()
    calendar.add("prodid", "-//Glas//Public consultations//BG")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Glas: consultation periods"))
    host, now = _host(), _aware(None)
    for c in consultations:
        url = url_for("consultations.detail", consultation_id=c.id, lang=lang, _external=True)
        event = Event()
        event.add("uid", f"consultation-{c.id}@{host}")
        event.add("dtstamp", now)
        event.add("last-modified", _aware(c.updated_at))
        event.add("dtstart", c.opens_on)
        event.add(
            "dtend", c.closes_on + timedelta(days=1)
        )  # DTEND of an all-day event is exclusive
        event.add("summary", _("Consultation: %(title)s", title=localized(c, "title", lang).text))
        event.add("description", f"{localized(c, 'summary', lang).text}\n\n{url}".strip())
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
