"""Numbers for the staff dashboard of one consultation: who took part, where, when, and how
quickly the City answered.

Definitions (all over the consultation's published comments, replies included):
- participants: distinct accounts that wrote at least one published comment, by the
  stakeholder sector and Sofia district they declared (erased accounts cannot be told apart,
  so their comments are counted separately);
- comments per section and per day (city calendar, over the consultation's period);
- share answered: comments with a staff response / published comments;
- median days to response: from a comment's publication time (`created_at`) to the first
  saving of its response (`CommentResponse.created_at`), in days.
"""

import statistics
from array import array
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from sqlalchemy import distinct, func, select

from ..auth.models import DISTRICTS, Sector, User
from ..consultations.models import Comment, CommentResponse, Consultation, ResponseDecision
from ..extensions import db
from ..moderation.models import ModerationStatus
from . import charts
from .activity import BATCH, comments_per_day
from .document import decision_totals, section_totals
from .services import ReportTotals, report_totals

APPROVED = ModerationStatus.APPROVED


@dataclass
class ConsultationStats:
    totals: ReportTotals
    participants: int
    erased_comments: int  # published comments whose author's account was erased
    by_sector: list[tuple[Sector, int]]
    by_district: list[tuple[str | None, int]]  # district key (None: not stated), participants
    per_day: list[tuple[date, int]]
    median_days_to_response: float | None

    @property
    def answered(self) -> int:
        return self.totals.approved - self.totals.unanswered

    @property
    def share_answered(self) -> float | None:
        return self.answered / self.totals.approved if self.totals.approved else None

    @property
    def by_decision(self) -> list[tuple[ResponseDecision | None, int]]:
        return list(self.totals.by_decision.items())


def _approved(consultation: Consultation):
    return (Comment.consultation_id == consultation.id) & (Comment.moderation_status == APPROVED)


def consultation_stats(consultation: Consultation) -> ConsultationStats:
    approved = _approved(consultation)
    participants = (
        db.session.scalar(select(func.count(distinct(Comment.author_id))).where(approved)) or 0
    )
    erased = (
        db.session.scalar(
            select(func.count(Comment.id)).where(approved, Comment.author_id.is_(None))
        )
        or 0
    )
    sectors = dict(
        db.session.execute(
            select(User.sector, func.count(distinct(Comment.author_id)))
            .join(User, User.id == Comment.author_id)
            .where(approved)
            .group_by(User.sector)
        ).all()
    )
    districts = dict(
        db.session.execute(
            select(User.district, func.count(distinct(Comment.author_id)))
            .join(User, User.id == Comment.author_id)
            .where(approved)
            .group_by(User.district)
        ).all()
    )
    by_district = [(key, districts[key]) for key in DISTRICTS if districts.get(key)]
    unknown = sum(n for key, n in districts.items() if key not in DISTRICTS)
    if unknown:
        by_district.append((None, unknown))
    return ConsultationStats(
        totals=report_totals(consultation),
        participants=participants,
        erased_comments=erased,
        by_sector=[(s, sectors.get(s, 0)) for s in Sector],
        by_district=by_district,
        per_day=comments_per_day(consultation),
        median_days_to_response=median_days_to_response(consultation),
    )


def median_days_to_response(consultation: Consultation) -> float | None:
    """Median of (response created − comment created), in days, over answered comments.

    The differences are streamed and kept as 8-byte floats (800 kB per 100,000 comments):
    the same code on SQLite and PostgreSQL, which share no median function.
    """
    result = db.session.execute(
        select(Comment.created_at, CommentResponse.created_at)
        .join(CommentResponse, CommentResponse.comment_id == Comment.id)
        .where(_approved(consultation))
        .execution_options(yield_per=BATCH)
    )
    delays = array(
        "d", ((answered - written).total_seconds() / 86400 for written, answered in result)
    )
    if not delays:
        return None
    return max(statistics.median(delays), 0.0)


# -- the charts, in the page language ---------------------------------------------------------
def dashboard_charts(stats: ConsultationStats, lang: str) -> list[charts.Chart]:
    """The dashboard's charts, each with its data table (labels in the current locale)."""
    participants, comments = _("Participants"), _("Comments")
    approved = stats.totals.approved
    decisions = decision_totals(stats.totals)
    return [
        charts.horizontal_bars(
            "sectors",
            _("Participants by stakeholder sector"),
            [(str(s.label), n) for s, n in stats.by_sector],
            (_("Sector"), participants),
        ),
        charts.horizontal_bars(
            "districts",
            _("Participants by Sofia district"),
            [(str(DISTRICTS[k]) if k else _("Not stated"), n) for k, n in stats.by_district],
            (_("District"), participants),
        ),
        charts.horizontal_bars(
            "sections",
            _("Published comments by section"),
            section_totals(stats.totals, lang),
            (_("Section"), comments),
        ),
        charts.bars_per_day(
            "days",
            _("Published comments per day"),
            [(format_date(day, "d MMM"), n) for day, n in stats.per_day],
            (_("Day"), comments),
        ),
        charts.donut(
            "decisions",
            _("Responses by decision"),
            decisions,
            (_("Decision"), comments, _("Share")),
            rows=[
                (label, n, format_percent(n / approved) if approved else "–")
                for label, n in decisions
            ],
        ),
    ]
