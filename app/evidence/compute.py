"""The indicators of `definitions.py`, computed from the platform's own data.

Each indicator is a plain function of (start, end) — calendar dates in the city, both
included — returning a `Result`: the value, its numerator and denominator, and a breakdown.
A ratio whose denominator is 0, or a median without observations, has the value None
("not applicable"). Counting is done by grouped SQL; only consultations (a small table) and
the pairs of moments behind a median are brought into Python.
"""

import hashlib
import logging
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import and_, case, func, or_, select, union

from ..auth.models import DISTRICTS, Sector, User
from ..consultations.models import (
    LEGAL_MINIMUM_DAYS,
    Comment,
    CommentResponse,
    Consultation,
    ConsultationKind,
    ConsultationState,
    Document,
    DocumentKind,
    Section,
)
from ..core.timeutil import city_timezone, local_today, utcnow
from ..extensions import cache, db
from ..moderation.models import AuditEntry, ModerationStatus, ReasonCode
from ..proposals.models import Proposal, Stage, Support
from .definitions import BY_ID, INDICATORS, Indicator
from .districts import district_populations

APPROVED = ModerationStatus.APPROVED
EXCEPTIONAL_MINIMUM_DAYS = 14
DOSSIER = (DocumentKind.DRAFT_ACT, DocumentKind.MOTIVES, DocumentKind.IMPACT_ASSESSMENT)
CONTENT_KINDS = ("comment", "proposal")
# Breakdown key for a participant whose sector or district is not known.
UNKNOWN = None
# Query results shared by several indicators within one compute_all (see _participant_groups).
_memo: ContextVar[dict | None] = ContextVar("glas_indicator_memo", default=None)


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: `key` is an enum value, a district key, or None (unknown)."""

    key: str | None
    value: float | None
    numerator: float | None
    denominator: float | None
    reference: float | None = None  # GLAS-P05: the residents' share, in %


@dataclass(frozen=True)
class Result:
    value: float | None
    numerator: float | None
    denominator: float | None
    breakdown: tuple[Row, ...] = ()

    @property
    def applicable(self) -> bool:
        return self.value is not None


# -- arithmetic -----------------------------------------------------------------------------
def percent(numerator, denominator) -> float | None:
    return 100 * numerator / denominator if denominator else None


def ratio(numerator, denominator) -> float | None:
    return numerator / denominator if denominator else None


def median(values: Iterable[float]) -> float | None:
    values = list(values)
    return statistics.median(values) if values else None


def share_result(counts: dict, keys: Iterable, total_num=None, total_den=None) -> Result:
    """A percentage with a breakdown from {key: (numerator, denominator)}."""
    rows = []
    for key in keys:
        n, d = counts.get(key, (0, 0))
        rows.append(Row(key, percent(n, d), n, d))
    num = sum(r.numerator for r in rows) if total_num is None else total_num
    den = sum(r.denominator for r in rows) if total_den is None else total_den
    return Result(percent(num, den), num, den, tuple(rows))


def _keys(enum_cls, present: Iterable) -> list:
    """Every member's value in order, then "unknown" (None) when some rows have no key."""
    keys = [member.value for member in enum_cls]
    return keys + [UNKNOWN] if UNKNOWN in set(present) else keys


def _value(member) -> str | None:
    return member.value if member is not None else None


# -- time -----------------------------------------------------------------------------------
def _utc_midnight(day: date) -> datetime:
    local = datetime.combine(day, time(), tzinfo=city_timezone())
    return local.astimezone(UTC).replace(tzinfo=None)


def utc_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Stored (naive UTC) bounds: [start 00:00, the day after end 00:00) in the city."""
    return _utc_midnight(start), _utc_midnight(end + timedelta(days=1))


def city_date(moment: datetime | None) -> date | None:
    """The city's calendar date of a stored naive-UTC moment."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(city_timezone()).date()


def _within(column, start: date, end: date):
    low, high = utc_bounds(start, end)
    return and_(column >= low, column < high)


def _filled(column):
    return func.length(func.trim(func.coalesce(column, ""))) > 0


def _flag(condition):
    """A condition as 0/1 on every database."""
    return case((condition, 1), else_=0)


# -- consultations: C(P) and K(P) ---------------------------------------------------------
@dataclass(frozen=True)
class ConsultationFacts:
    id: int
    kind: ConsultationKind
    state: ConsultationState
    opens_on: date
    closes_on: date
    published_at: datetime | None
    closed_at: datetime | None
    report_published_at: datetime | None
    has_reason: bool
    bilingual_fields: bool

    @property
    def duration(self) -> int:
        return (self.closes_on - self.opens_on).days

    @property
    def closing_day(self) -> date:
        closed = city_date(self.closed_at)
        return min(self.closes_on, closed) if closed else self.closes_on

    def is_over(self, today: date) -> bool:
        if self.state in (ConsultationState.CLOSED, ConsultationState.REPORT_PUBLISHED):
            return True
        return self.closes_on < today


def _candidates_clause(start: date, end: date):
    # Every consultation of C(P) or K(P) has a comment period that meets P.
    return and_(
        Consultation.public_clause(), Consultation.opens_on <= end, Consultation.closes_on >= start
    )


def _consultation_facts(start: date, end: date) -> list[ConsultationFacts]:
    c = Consultation
    rows = db.session.execute(
        select(
            c.id,
            c.kind,
            c.state,
            c.opens_on,
            c.closes_on,
            c.published_at,
            c.closed_at,
            c.report_published_at,
            _flag(or_(_filled(c.exceptional_reason_bg), _filled(c.exceptional_reason_en))),
            _flag(
                and_(
                    *(
                        _filled(column)
                        for column in (
                            c.title_bg,
                            c.title_en,
                            c.summary_bg,
                            c.summary_en,
                            c.body_bg,
                            c.body_en,
                        )
                    )
                )
            ),
        )
        .where(_candidates_clause(start, end))
        .order_by(c.id)
    ).all()
    return [
        ConsultationFacts(*row[:8], has_reason=bool(row[8]), bilingual_fields=bool(row[9]))
        for row in rows
    ]


def held(start: date, end: date) -> list[ConsultationFacts]:
    """C(P): public consultations whose first day is in P and not after today."""
    last = min(end, local_today())
    return [f for f in _consultation_facts(start, end) if start <= f.opens_on <= last]


def closed(start: date, end: date) -> list[ConsultationFacts]:
    """K(P): public consultations whose period is over, with the closing day in P."""
    today = local_today()
    return [
        f
        for f in _consultation_facts(start, end)
        if f.is_over(today) and start <= f.closing_day <= end
    ]


KINDS = [kind.value for kind in ConsultationKind]


def _by_kind(facts: list[ConsultationFacts], qualifies: Callable[[ConsultationFacts], bool]):
    counts: dict[str, list[int]] = {kind: [0, 0] for kind in KINDS}
    for f in facts:
        counts[f.kind.value][1] += 1
        if qualifies(f):
            counts[f.kind.value][0] += 1
    return {kind: tuple(pair) for kind, pair in counts.items()}


# -- consultation process -----------------------------------------------------------------
def consultations_held(start: date, end: date) -> Result:
    facts = held(start, end)
    per_kind = Counter(f.kind.value for f in facts)
    rows = tuple(Row(kind, per_kind[kind], per_kind[kind], None) for kind in KINDS)
    return Result(len(facts), len(facts), None, rows)


def lasting_30_days(start: date, end: date) -> Result:
    counts = _by_kind(held(start, end), lambda f: f.duration >= LEGAL_MINIMUM_DAYS)
    return share_result(counts, KINDS)


def short_with_reason(start: date, end: date) -> Result:
    def qualifies(f: ConsultationFacts) -> bool:
        return EXCEPTIONAL_MINIMUM_DAYS <= f.duration < LEGAL_MINIMUM_DAYS and f.has_reason

    return share_result(_by_kind(held(start, end), qualifies), KINDS)


def advance_notice(start: date, end: date) -> Result:
    days = int(current_app.config["EVIDENCE_ADVANCE_NOTICE_DAYS"])

    def qualifies(f: ConsultationFacts) -> bool:
        announced = city_date(f.published_at)
        return announced is not None and (f.opens_on - announced).days >= days

    return share_result(_by_kind(held(start, end), qualifies), KINDS)


def complete_dossier(start: date, end: date) -> Result:
    facts = held(start, end)
    kinds_present: dict[int, set] = defaultdict(set)
    if facts:
        rows = db.session.execute(
            select(Document.consultation_id, Document.kind)
            .where(Document.consultation_id.in_([f.id for f in facts]), Document.kind.in_(DOSSIER))
            .distinct()
        )
        for consultation_id, kind in rows:
            kinds_present[consultation_id].add(kind)
    counts = _by_kind(facts, lambda f: len(kinds_present[f.id]) == len(DOSSIER))
    return share_result(counts, KINDS)


# -- participation -------------------------------------------------------------------------
def _participants(start: date, end: date):
    """A subquery of the distinct accounts (user_id) that took part in P."""
    not_rejected = ModerationStatus.REJECTED
    return union(
        select(Comment.author_id.label("user_id")).where(
            _within(Comment.created_at, start, end),
            Comment.moderation_status != not_rejected,
            Comment.author_id.is_not(None),
        ),
        select(Proposal.author_id.label("user_id")).where(
            _within(Proposal.created_at, start, end),
            Proposal.moderation_status != not_rejected,
            Proposal.author_id.is_not(None),
        ),
        select(Support.user_id.label("user_id")).where(_within(Support.created_at, start, end)),
    ).subquery()


def _participant_groups(start: date, end: date) -> dict[tuple, int]:
    """(sector, district) -> participants in P, in one grouped query.

    Three indicators break participants down by one of these columns; the distinct union
    over comments, proposals and supports is the costliest query of the page, so within one
    `compute_all` it runs once.
    """
    memo = _memo.get()
    if memo is not None and (start, end) in memo:
        return memo[(start, end)]
    people = _participants(start, end)
    groups = {
        (sector, district): n
        for sector, district, n in db.session.execute(
            select(User.sector, User.district, func.count())
            .select_from(people)
            .join(User, User.id == people.c.user_id)
            .group_by(User.sector, User.district)
        )
    }
    if memo is not None:
        memo[(start, end)] = groups
    return groups


def _participants_by(column, start: date, end: date) -> dict:
    position = {"sector": 0, "district": 1}[column.key]
    totals: Counter = Counter()
    for key, n in _participant_groups(start, end).items():
        totals[key[position]] += n
    return dict(totals)


def participants(start: date, end: date) -> Result:
    by_sector = {_value(k): n for k, n in _participants_by(User.sector, start, end).items()}
    total = sum(by_sector.values())
    rows = tuple(
        Row(key, by_sector.get(key, 0), by_sector.get(key, 0), None)
        for key in _keys(Sector, by_sector)
    )
    return Result(total, total, None, rows)


def per_thousand(numerator, denominator) -> float | None:
    return 1000 * numerator / denominator if denominator else None


def participants_per_thousand(start: date, end: date) -> Result:
    by_district = _participants_by(User.district, start, end)
    populations = district_populations()
    total = sum(by_district.values())
    population = int(current_app.config["CITY_POPULATION"])
    keys = [*DISTRICTS, *([UNKNOWN] if by_district.keys() - set(DISTRICTS) else [])]
    rows = []
    for key in keys:
        if key is UNKNOWN:
            n = sum(v for k, v in by_district.items() if k not in DISTRICTS)
            rows.append(Row(UNKNOWN, None, n, None))
            continue
        n = by_district.get(key, 0)
        rows.append(Row(key, per_thousand(n, populations.get(key)), n, populations.get(key)))
    return Result(per_thousand(total, population), total, population, tuple(rows))


def dissimilarity(start: date, end: date) -> Result:
    by_district = _participants_by(User.district, start, end)
    populations = {k: v for k, v in district_populations().items() if k in DISTRICTS}
    declared = {k: by_district.get(k, 0) for k in DISTRICTS}
    p_total = sum(declared.values())
    r_total = sum(populations.values())
    if not p_total or not r_total:
        rows = tuple(
            Row(k, None, declared[k], p_total, percent(populations.get(k, 0), r_total))
            for k in DISTRICTS
        )
        return Result(None, p_total, r_total, rows)
    index = 0.5 * sum(
        abs(declared[k] / p_total - populations.get(k, 0) / r_total) for k in DISTRICTS
    )
    rows = tuple(
        Row(
            k,
            percent(declared[k], p_total),
            declared[k],
            p_total,
            percent(populations.get(k, 0), r_total),
        )
        for k in DISTRICTS
    )
    return Result(index, p_total, r_total, rows)


def comments_per_consultation(start: date, end: date) -> Result:
    facts = held(start, end)
    per_consultation: dict[int, int] = {}
    if facts:
        per_consultation = dict(
            db.session.execute(
                select(Comment.consultation_id, func.count())
                .where(
                    Comment.consultation_id.in_([f.id for f in facts]),
                    Comment.moderation_status == APPROVED,
                )
                .group_by(Comment.consultation_id)
            ).all()
        )
    comments: Counter = Counter()
    consultations: Counter = Counter()
    for f in facts:
        comments[f.kind.value] += per_consultation.get(f.id, 0)
        consultations[f.kind.value] += 1
    rows = tuple(
        Row(k, ratio(comments[k], consultations[k]), comments[k], consultations[k]) for k in KINDS
    )
    total = sum(comments.values())
    return Result(ratio(total, len(facts)), total, len(facts), rows)


def comments_per_participant(start: date, end: date) -> Result:
    grouped = db.session.execute(
        select(User.sector, func.count(Comment.id), func.count(func.distinct(Comment.author_id)))
        .select_from(Comment)
        .join(User, User.id == Comment.author_id)
        .where(_within(Comment.created_at, start, end), Comment.moderation_status == APPROVED)
        .group_by(User.sector)
    ).all()
    counts = {_value(sector): (n, authors) for sector, n, authors in grouped}
    rows = tuple(
        Row(k, ratio(*counts.get(k, (0, 0))), *counts.get(k, (0, 0))) for k in _keys(Sector, counts)
    )
    comments = sum(n for n, _ in counts.values())
    authors = sum(a for _, a in counts.values())  # a participant has one sector
    return Result(ratio(comments, authors), comments, authors, rows)


# -- responsiveness ------------------------------------------------------------------------
def reasoned_responses(start: date, end: date) -> Result:
    facts = closed(start, end)
    counts: dict = {}
    if facts:
        reasoned = _flag(
            or_(_filled(CommentResponse.reason_bg), _filled(CommentResponse.reason_en))
        )
        grouped = db.session.execute(
            select(User.sector, func.sum(reasoned), func.count(Comment.id))
            .select_from(Comment)
            .outerjoin(CommentResponse, CommentResponse.comment_id == Comment.id)
            .outerjoin(User, User.id == Comment.author_id)
            .where(
                Comment.consultation_id.in_([f.id for f in facts]),
                Comment.moderation_status == APPROVED,
            )
            .group_by(User.sector)
        ).all()
        counts = {_value(sector): (int(n or 0), d) for sector, n, d in grouped}
    return share_result(counts, _keys(Sector, counts))


def days_to_report(start: date, end: date) -> Result:
    facts = closed(start, end)
    days: dict[str, list[int]] = {kind: [] for kind in KINDS}
    totals: Counter = Counter()
    for f in facts:
        totals[f.kind.value] += 1
        if f.state is ConsultationState.REPORT_PUBLISHED and f.report_published_at is not None:
            days[f.kind.value].append((city_date(f.report_published_at) - f.closing_day).days)
    rows = tuple(Row(k, median(days[k]), len(days[k]), totals[k]) for k in KINDS)
    every = [d for values in days.values() for d in values]
    return Result(median(every), len(every), len(facts), rows)


# -- citizen proposals ---------------------------------------------------------------------
def _proposal_cohort(start: date, end: date):
    return and_(_within(Proposal.created_at, start, end), Proposal.moderation_status == APPROVED)


def days_to_first_answer(start: date, end: date) -> Result:
    cohort = _proposal_cohort(start, end)
    totals = {
        _value(sector): n
        for sector, n in db.session.execute(
            select(User.sector, func.count(Proposal.id))
            .select_from(Proposal)
            .outerjoin(User, User.id == Proposal.author_id)
            .where(cohort)
            .group_by(User.sector)
        )
    }
    answered = db.session.execute(
        select(User.sector, Proposal.created_at, Proposal.first_answered_at)
        .select_from(Proposal)
        .outerjoin(User, User.id == Proposal.author_id)
        .where(cohort, Proposal.first_answered_at.is_not(None))
    ).all()
    days: dict = defaultdict(list)
    for sector, created, first in answered:
        days[_value(sector)].append((first - created).total_seconds() / 86400)
    rows = tuple(
        Row(k, median(days[k]), len(days[k]), totals.get(k, 0)) for k in _keys(Sector, totals)
    )
    every = [d for values in days.values() for d in values]
    return Result(median(every), len(every), sum(totals.values()), rows)


def _proposal_counts(start: date, end: date) -> dict:
    threshold = int(current_app.config["SUPPORT_THRESHOLD"])
    accepted = (Stage.ACCEPTED, Stage.IMPLEMENTED)
    decided = (Stage.ACCEPTED, Stage.REJECTED, Stage.IMPLEMENTED)
    grouped = db.session.execute(
        select(
            User.sector,
            func.count(Proposal.id),
            func.sum(
                _flag(
                    or_(
                        Proposal.threshold_reached_at.is_not(None),
                        Proposal.support_count >= threshold,
                    )
                )
            ),
            func.sum(_flag(Proposal.stage.in_(decided))),
            func.sum(_flag(Proposal.stage.in_(accepted))),
            func.sum(_flag(Proposal.stage == Stage.IMPLEMENTED)),
        )
        .select_from(Proposal)
        .outerjoin(User, User.id == Proposal.author_id)
        .where(_proposal_cohort(start, end))
        .group_by(User.sector)
    ).all()
    return {
        _value(sector): {
            "all": n,
            "threshold": int(t or 0),
            "decided": int(d or 0),
            "accepted": int(a or 0),
            "implemented": int(i or 0),
        }
        for sector, n, t, d, a, i in grouped
    }


def _proposal_share(start: date, end: date, numerator: str, denominator: str) -> Result:
    counts = _proposal_counts(start, end)
    pairs = {k: (c[numerator], c[denominator]) for k, c in counts.items()}
    return share_result(pairs, _keys(Sector, pairs))


def reaching_threshold(start: date, end: date) -> Result:
    return _proposal_share(start, end, "threshold", "all")


def accepted_share(start: date, end: date) -> Result:
    return _proposal_share(start, end, "accepted", "decided")


def traced_to_implementation(start: date, end: date) -> Result:
    return _proposal_share(start, end, "implemented", "accepted")


# -- moderation ----------------------------------------------------------------------------
FIRST_DECISIONS = tuple(
    f"{kind}.{verb}" for kind in CONTENT_KINDS for verb in ("approve", "reject")
)


REASONS = {reason.value for reason in ReasonCode}


def rejection_rate(start: date, end: date) -> Result:
    grouped = db.session.execute(
        select(AuditEntry.action, AuditEntry.reason, func.count())
        .where(AuditEntry.action.in_(FIRST_DECISIONS), _within(AuditEntry.created_at, start, end))
        .group_by(AuditEntry.action, AuditEntry.reason)
    ).all()
    decisions = sum(n for _, _, n in grouped)
    by_reason: Counter = Counter()
    for action, reason, n in grouped:
        if action.endswith(".reject"):
            by_reason[reason if reason in REASONS else ReasonCode.OTHER.value] += n
    rows = tuple(
        Row(r.value, percent(by_reason[r.value], decisions), by_reason[r.value], decisions)
        for r in ReasonCode
    )
    rejected = sum(by_reason.values())
    return Result(percent(rejected, decisions), rejected, decisions, tuple(rows))


def hours_to_decision(start: date, end: date) -> Result:
    hours: dict[str, list[float]] = {}
    for kind, model in (("comment", Comment), ("proposal", Proposal)):
        pairs = db.session.execute(
            select(AuditEntry.created_at, model.created_at)
            .join(model, model.id == AuditEntry.object_id)
            .where(
                AuditEntry.object_type == kind,
                AuditEntry.action.in_((f"{kind}.approve", f"{kind}.reject")),
                _within(AuditEntry.created_at, start, end),
            )
        ).all()
        hours[kind] = [(decided - created).total_seconds() / 3600 for decided, created in pairs]
    rows = tuple(Row(k, median(hours[k]), len(hours[k]), None) for k in CONTENT_KINDS)
    every = [h for values in hours.values() for h in values]
    return Result(median(every), len(every), None, rows)


# -- accessibility and open data -----------------------------------------------------------
def bilingual_coverage(start: date, end: date) -> Result:
    facts = held(start, end)
    incomplete: set[int] = set()
    if facts:
        s = Section
        incomplete = set(
            db.session.scalars(
                select(s.consultation_id)
                .where(
                    s.consultation_id.in_([f.id for f in facts]),
                    or_(
                        *(
                            ~_filled(column)
                            for column in (s.heading_bg, s.heading_en, s.body_bg, s.body_en)
                        )
                    ),
                )
                .distinct()
            )
        )
    counts = _by_kind(facts, lambda f: f.bilingual_fields and f.id not in incomplete)
    return share_result(counts, KINDS)


def open_results(start: date, end: date) -> Result:
    counts = _by_kind(closed(start, end), lambda f: f.state is ConsultationState.REPORT_PUBLISHED)
    return share_result(counts, KINDS)


COMPUTE: dict[str, Callable[[date, date], Result]] = {
    "GLAS-C01": consultations_held,
    "GLAS-C02": lasting_30_days,
    "GLAS-C03": short_with_reason,
    "GLAS-C04": advance_notice,
    "GLAS-C05": complete_dossier,
    "GLAS-P01": participants,
    "GLAS-P02": participants_per_thousand,
    "GLAS-P03": comments_per_consultation,
    "GLAS-P04": comments_per_participant,
    "GLAS-P05": dissimilarity,
    "GLAS-R01": reasoned_responses,
    "GLAS-R02": days_to_report,
    "GLAS-I01": days_to_first_answer,
    "GLAS-I02": reaching_threshold,
    "GLAS-I03": accepted_share,
    "GLAS-I04": traced_to_implementation,
    "GLAS-M01": rejection_rate,
    "GLAS-M02": hours_to_decision,
    "GLAS-O01": bilingual_coverage,
    "GLAS-O02": open_results,
}
assert set(COMPUTE) == set(BY_ID), "every defined indicator is computed, and only those"


def compute(indicator_id: str, start: date, end: date) -> Result:
    return COMPUTE[indicator_id](start, end)


def compute_all(start: date, end: date) -> list[tuple[Indicator, Result]]:
    token = _memo.set({})
    try:
        return [(indicator, COMPUTE[indicator.id](start, end)) for indicator in INDICATORS]
    finally:
        _memo.reset(token)


log = logging.getLogger(__name__)
# The cached list follows INDICATORS by position: a release that changes them uses new keys.
_CACHE_VERSION = hashlib.sha256(",".join(i.id for i in INDICATORS).encode()).hexdigest()[:12]


def published_results(start: date, end: date) -> tuple[list[tuple[Indicator, Result]], datetime]:
    """`compute_all` for the public page, its charts and the API, with the moment computed.

    At city scale a full computation reads millions of rows (seconds), so public readers
    share one result per period for EVIDENCE_CACHE_SECONDS (Redis in production). A cache
    that does not answer costs a recomputation, never an error. Staff packs compute afresh.
    """
    key = f"evidence:{_CACHE_VERSION}:{start.isoformat()}:{end.isoformat()}"
    try:
        cached = cache.get(key)
    except Exception:  # noqa: BLE001 (any backend failure)
        log.warning("cache unavailable: computing the indicators afresh", exc_info=True)
        cached = None
    if cached is None:
        computed_at = utcnow()
        results = [result for _indicator, result in compute_all(start, end)]
        try:
            cache.set(
                key, (computed_at, results), timeout=current_app.config["EVIDENCE_CACHE_SECONDS"]
            )
        except Exception:  # noqa: BLE001
            log.warning("cache unavailable: indicators not kept", exc_info=True)
    else:
        computed_at, results = cached
    return list(zip(INDICATORS, results, strict=True)), computed_at


def published_result(indicator_id: str, start: date, end: date) -> Result:
    results, _computed_at = published_results(start, end)
    return next(result for indicator, result in results if indicator.id == indicator_id)


def parameters() -> dict:
    """The settings the values depend on, stated next to them wherever they are shown."""
    config = current_app.config
    return {
        "advance_notice_days": int(config["EVIDENCE_ADVANCE_NOTICE_DAYS"]),
        "city_population": int(config["CITY_POPULATION"]),
        "support_threshold": int(config["SUPPORT_THRESHOLD"]),
        "district_population_total": sum(district_populations().values()),
    }
