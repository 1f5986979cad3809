"""Moderation in figures: decisions by reason, time to a decision, appeals, automatic hidings.

Everything is read from the audit log (what was decided, when, why) and the items' own
submission times, for a period: the last 30 days, the last 12 months, or all time.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from ..consultations.models import Comment
from ..core.timeutil import utcnow
from ..extensions import db
from ..proposals.models import Proposal
from .models import Appeal, AppealOutcome, AuditEntry, ReasonCode

KINDS = ("comment", "proposal")
MODELS = {"comment": Comment, "proposal": Proposal}

PERIODS = {
    "30d": (_l("Last 30 days"), timedelta(days=30)),
    "12m": (_l("Last 12 months"), timedelta(days=365)),
    "all": (_l("All time"), None),
}
DEFAULT_PERIOD = "30d"

# The decisions counted, in the order the table shows them.
VERBS = (
    "approve",
    "reject",
    "hide",
    "auto_hide",
    "keep",
    "restore",
    "appeal_upheld",
    "appeal_reversed",
)
VERB_LABELS = {
    "approve": _l("Approved"),
    "reject": _l("Rejected"),
    "hide": _l("Hidden by a moderator"),
    "auto_hide": _l("Hidden automatically after reports"),
    "keep": _l("Kept published after review"),
    "restore": _l("Published again after an automatic hiding"),
    "appeal_upheld": _l("Appeal: decision upheld"),
    "appeal_reversed": _l("Appeal: decision reversed"),
}
KIND_LABELS = {"comment": _l("Comments"), "proposal": _l("Proposals")}


def period_start(period: str, now: datetime | None = None) -> datetime | None:
    span = PERIODS.get(period, PERIODS[DEFAULT_PERIOD])[1]
    return None if span is None else (now or utcnow()) - span


def percentile(values: list[float], fraction: float) -> float | None:
    """The `fraction` percentile of sorted `values`, interpolated between the two nearest
    ranks (what PostgreSQL's percentile_cont computes); None for no values."""
    if not values:
        return None
    position = (len(values) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(values) - 1)
    return values[lower] + (values[upper] - values[lower]) * (position - lower)


@dataclass
class DecisionRow:
    kind: str
    verb: str
    reason: ReasonCode | None
    count: int

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    @property
    def verb_label(self):
        return VERB_LABELS[self.verb]


@dataclass
class Latency:
    """Hours from submission to the first decision (approve or reject)."""

    count: int = 0
    median: float | None = None
    p90: float | None = None


@dataclass
class AppealFigures:
    filed: int = 0
    upheld: int = 0
    reversed: int = 0
    open: int = 0


@dataclass
class Figures:
    period: str
    since: datetime | None
    decisions: list[DecisionRow] = field(default_factory=list)
    latency: dict[str, Latency] = field(default_factory=dict)
    appeals: AppealFigures = field(default_factory=AppealFigures)

    def total(self, verb: str, kind: str | None = None) -> int:
        return sum(r.count for r in self.decisions if r.verb == verb and kind in (None, r.kind))

    @property
    def auto_hides(self) -> int:
        return self.total("auto_hide")

    def rejection_rate(self, kind: str | None = None) -> float | None:
        """Rejected among the items approved or rejected (pre-moderation decisions)."""
        rejected = self.total("reject", kind)
        decided = rejected + self.total("approve", kind)
        return rejected / decided if decided else None


def decisions_by_reason(since: datetime | None) -> list[DecisionRow]:
    actions = [f"{kind}.{verb}" for kind in KINDS for verb in VERBS]
    query = (
        select(AuditEntry.action, AuditEntry.reason, func.count())
        .where(AuditEntry.action.in_(actions))
        .group_by(AuditEntry.action, AuditEntry.reason)
    )
    if since is not None:
        query = query.where(AuditEntry.created_at >= since)
    rows = []
    for action, reason, count in db.session.execute(query):
        kind, verb = action.split(".", 1)
        try:
            code = ReasonCode(reason) if reason else None
        except ValueError:
            code = None
        rows.append(DecisionRow(kind, verb, code, count))
    reasons = list(ReasonCode)
    rows.sort(
        key=lambda r: (
            KINDS.index(r.kind),
            VERBS.index(r.verb),
            -1 if r.reason is None else reasons.index(r.reason),
        )
    )
    return rows


def decision_hours(kind: str, since: datetime | None) -> list[float]:
    """Hours from submission to the first approve/reject of each item decided in the period,
    sorted. One row of two timestamps per item: bounded by the period's decisions."""
    model = MODELS[kind]
    first = (
        select(
            AuditEntry.object_id.label("item_id"),
            func.min(AuditEntry.created_at).label("decided_at"),
        )
        .where(
            AuditEntry.object_type == kind,
            AuditEntry.action.in_([f"{kind}.approve", f"{kind}.reject"]),
        )
        .group_by(AuditEntry.object_id)
        .subquery("first_decision")
    )
    query = select(model.created_at, first.c.decided_at).join(first, first.c.item_id == model.id)
    if since is not None:
        query = query.where(first.c.decided_at >= since)
    hours = []
    for created_at, decided_at in db.session.execute(query):
        if isinstance(decided_at, str):  # SQLite hands an aggregate back as text
            decided_at = datetime.fromisoformat(decided_at)
        hours.append(max((decided_at - created_at).total_seconds() / 3600, 0.0))
    return sorted(hours)


def latency(hours: list[float]) -> Latency:
    return Latency(len(hours), percentile(hours, 0.5), percentile(hours, 0.9))


def appeal_figures(since: datetime | None) -> AppealFigures:
    query = select(
        func.count(),
        func.count(case((Appeal.outcome == AppealOutcome.UPHELD, 1))),
        func.count(case((Appeal.outcome == AppealOutcome.REVERSED, 1))),
        func.count(case((Appeal.outcome.is_(None), 1))),
    ).select_from(Appeal)
    if since is not None:
        query = query.where(Appeal.created_at >= since)
    filed, upheld, reversed_, open_ = db.session.execute(query).one()
    return AppealFigures(filed, upheld, reversed_, open_)


def figures(period: str = DEFAULT_PERIOD) -> Figures:
    period = period if period in PERIODS else DEFAULT_PERIOD
    since = period_start(period)
    hours = {kind: decision_hours(kind, since) for kind in KINDS}
    every = sorted(hours["comment"] + hours["proposal"])
    return Figures(
        period=period,
        since=since,
        decisions=decisions_by_reason(since),
        latency={"all": latency(every), **{kind: latency(h) for kind, h in hours.items()}},
        appeals=appeal_figures(since),
    )
