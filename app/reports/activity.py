"""What happened on the platform, day by day, while a consultation took comments.

Used by the XLSX report ("Citizen proposals", "Supports per day") and the staff dashboard
("Comments per day"). Timestamps are stored in UTC and counted on the city's calendar;
every query streams plain tuples in batches, so memory does not grow with the row count.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from ..consultations.models import Comment, Consultation
from ..core.i18n import Localized, localized
from ..core.timeutil import city_timezone
from ..extensions import db
from ..moderation.models import ModerationStatus
from ..proposals.models import Category, Proposal, Stage, Support
from .document import consultation_period, day_bounds_utc, to_local

BATCH = 2000


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _hour(column):
    """`column` truncated to the hour, in SQL (the city's offset from UTC is whole hours)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.date_trunc("hour", column)
    return func.strftime("%Y-%m-%d %H:00:00", column)


def count_per_day(column, *where, first: date, last: date) -> list[tuple[date, int]]:
    """How many rows have `column` (a naive-UTC datetime) on each city day, zeros included.

    The database counts per UTC hour (at most 24 rows a day, however many rows there are);
    the hours are then put on the city's calendar.
    """
    start, end = day_bounds_utc(first, last)
    hour = _hour(column).label("hour")
    result = db.session.execute(
        select(hour, func.count()).where(column >= start, column < end, *where).group_by(hour)
    )
    zone = city_timezone()
    counter: Counter = Counter()
    for value, n in result:
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        counter[to_local(value, zone).date()] += n
    return [(day, counter.get(day, 0)) for day in days(first, last)]


def comments_per_day(consultation: Consultation) -> list[tuple[date, int]]:
    """Published comments on the consultation, per day of its period."""
    first, last = consultation_period(consultation)
    return count_per_day(
        Comment.created_at,
        Comment.consultation_id == consultation.id,
        Comment.moderation_status == ModerationStatus.APPROVED,
        first=first,
        last=last,
    )


def supports_per_day(consultation: Consultation) -> list[tuple[date, int]]:
    """Supports given to any proposal on each day of the consultation's period."""
    first, last = consultation_period(consultation)
    return count_per_day(Support.created_at, first=first, last=last)


@dataclass(frozen=True, slots=True)
class ProposalRow:
    number: int
    proposal_id: int
    created_at: datetime  # city time
    title: str
    language: str
    category: Localized | None
    stage: Stage
    supports_in_period: int
    supports_total: int


def proposals_during(consultation: Consultation, lang: str) -> Iterator[ProposalRow]:
    """Published citizen proposals submitted during the consultation's period, oldest first.

    Proposals are not tied to consultations: these are what residents raised elsewhere on the
    platform at the same time, with the supports they gathered in the period and in total.
    """
    start, end = day_bounds_utc(*consultation_period(consultation))
    categories = {
        row.id: localized(row, "name", lang)
        for row in db.session.execute(select(Category.id, Category.name_bg, Category.name_en))
    }
    in_period = (
        select(Support.proposal_id, func.count().label("n"))
        .where(Support.created_at >= start, Support.created_at < end)
        .group_by(Support.proposal_id)
        .subquery()
    )
    result = db.session.execute(
        select(
            Proposal.id,
            Proposal.created_at,
            Proposal.title,
            Proposal.language,
            Proposal.category_id,
            Proposal.stage,
            func.coalesce(in_period.c.n, 0),
            Proposal.support_count,
        )
        .outerjoin(in_period, in_period.c.proposal_id == Proposal.id)
        .where(
            Proposal.moderation_status == ModerationStatus.APPROVED,
            Proposal.created_at >= start,
            Proposal.created_at < end,
        )
        .order_by(Proposal.created_at, Proposal.id)
        .execution_options(yield_per=BATCH)
    )
    zone = city_timezone()
    for number, row in enumerate(result, start=1):
        pid, created, title, language, category_id, stage, period_n, total = row
        yield ProposalRow(
            number=number,
            proposal_id=pid,
            created_at=to_local(created, zone),
            title=title,
            language=language,
            category=categories.get(category_id) if category_id is not None else None,
            stage=stage,
            supports_in_period=period_n,
            supports_total=total,
        )
