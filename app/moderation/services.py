"""Moderation without a request in sight: the queue, decisions, reports (flags), appeals and
suspensions.

Functions flush; the view commits. Every decision writes an audit row with its actor (none
for what the platform does by itself: an automatic hiding) and tells the author.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from math import ceil

from flask import current_app
from flask_babel import LazyString, force_locale, format_date, gettext, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, literal, or_, select, union_all, update
from sqlalchemy.orm import joinedload

from ..auth.models import Role, User
from ..consultations.models import Comment, CommentResponse, Consultation, ResponseDecision
from ..core.timeutil import city_timezone, local_today, utcnow
from ..extensions import db
from ..notifications.services import notify, notify_author, recipient_locale
from ..proposals.models import Proposal, Stage
from .models import (
    Appeal,
    AppealOutcome,
    AuditEntry,
    Flag,
    ModerationStatus,
    ReasonCode,
    Suspension,
    record,
)

MODELS = {"comment": Comment, "proposal": Proposal}
KINDS = ("comment", "proposal")
# The foreign keys on Flag and Appeal that point at each kind.
FLAG_TARGETS = {"comment": Flag.comment_id, "proposal": Flag.proposal_id}
APPEAL_TARGETS = {"comment": Appeal.comment_id, "proposal": Appeal.proposal_id}

DECISIONS = ("approve", "reject", "hide", "keep", "restore")
NEEDS_REASON = ("reject", "hide")
BULK_ACTIONS = ("approve", "reject")
APPEAL_DECISIONS = ("uphold", "reverse")
# The states of the queue, in the order its tabs show them.
QUEUE_STATES = ("all", "pending", "flagged", "post_moderated", "auto_hidden", "appeals")
# "Waiting longer than …" filters.
AGES = {"24h": timedelta(hours=24), "3d": timedelta(days=3), "7d": timedelta(days=7)}

APPEAL_MIN_LENGTH = 10
APPEAL_MAX_LENGTH = 1000
DEFAULT_FLAG_HIDE_THRESHOLD = 3


class AlreadyDecided(Exception):
    """The item is no longer in the state the decision was made for."""


class Refused(Exception):
    """A step a person may not take now; `message` is a lazy string shown to them."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class FlagRefused(Refused):
    pass


class AlreadyFlagged(FlagRefused):
    def __init__(self):
        super().__init__(_l("You have already reported this."))


class AppealRefused(Refused):
    pass


class SuspensionRefused(Refused):
    pass


class SameModerator(PermissionError):
    """An appeal is decided by another moderator than the one who decided first."""


class AccountSuspended(Exception):
    """The account is suspended: it cannot post, support or report until the end date."""

    def __init__(self, suspension: Suspension):
        self.suspension = suspension
        self.message = suspension_message(suspension)
        super().__init__(f"account {suspension.user_id} is suspended")


def kind_of(item) -> str:
    return "comment" if isinstance(item, Comment) else "proposal"


def load_item(kind: str, item_id: int, lock: bool = False):
    """The comment or proposal, or 404; `lock` holds the row until commit (PostgreSQL)."""
    options = {"with_for_update": True} if lock else {}
    return db.get_or_404(MODELS[kind], item_id, **options)


def _open_flags(kind: str, model):
    return and_(FLAG_TARGETS[kind] == model.id, Flag.resolved_at.is_(None))


def _open_appeal(kind: str, model):
    return and_(APPEAL_TARGETS[kind] == model.id, Appeal.decided_at.is_(None))


def has_open_flags(item) -> bool:
    kind = kind_of(item)
    query = select(exists().where(FLAG_TARGETS[kind] == item.id, Flag.resolved_at.is_(None)))
    return bool(db.session.scalar(query))


# -- suspensions -----------------------------------------------------------------------------
def _active_suspension_of(user_id_column, now: datetime):
    return and_(
        Suspension.user_id == user_id_column,
        Suspension.lifted_at.is_(None),
        Suspension.starts_at <= now,
        Suspension.ends_at > now,
    )


def active_suspension(user) -> Suspension | None:
    """The suspension in force on `user` now, if any (one query)."""
    if user is None or not getattr(user, "is_authenticated", True) or user.id is None:
        return None
    return db.session.scalar(
        select(Suspension)
        .where(_active_suspension_of(user.id, utcnow()))
        .order_by(Suspension.ends_at.desc())
        .limit(1)
    )


def is_suspended(user) -> bool:
    return active_suspension(user) is not None


def suspension_message(suspension: Suspension) -> LazyString:
    """Why the account is refused, with the last day; worded when shown."""

    def word() -> str:
        return gettext(
            "Your account is suspended until the end of %(date)s: until then you cannot post, "
            "comment, support or report. Reason: %(reason)s",
            date=format_date(suspension.last_day, "long"),
            reason=suspension.reason,
        )

    return LazyString(word)


def ensure_not_suspended(user, refusal: type[Exception] | None = None) -> None:
    """Raise unless `user` may take part now: `refusal(message)` when given (each feature's
    own refusal, which its views already show), else AccountSuspended."""
    suspension = active_suspension(user)
    if suspension is None:
        return
    if refusal is None:
        raise AccountSuspended(suspension)
    raise refusal(suspension_message(suspension))


def end_of_day(day: date) -> datetime:
    """The moment (naive UTC) the city's calendar day `day` ends."""
    local = datetime.combine(day + timedelta(days=1), time.min, tzinfo=city_timezone())
    return local.astimezone(UTC).replace(tzinfo=None)


def check_suspend(moderator, user) -> None:
    if user.id == moderator.id:
        raise SuspensionRefused(_l("You cannot suspend your own account."))
    if user.role is not Role.CITIZEN:
        raise SuspensionRefused(
            _l("Only participant accounts can be suspended; an administrator changes roles.")
        )


def suspend(moderator, user, reason: str, until: date) -> Suspension:
    """Suspend `user` until the end of the day `until` (city time), with a reason."""
    check_suspend(moderator, user)
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("a suspension needs a reason")
    if until < local_today():
        raise SuspensionRefused(_l("The last day of a suspension cannot be in the past."))
    if active_suspension(user) is not None:
        raise SuspensionRefused(
            _l("This account is already suspended. Lift the suspension first to change it.")
        )
    suspension = Suspension(
        user_id=user.id,
        reason=reason,
        starts_at=utcnow(),
        ends_at=end_of_day(until),
        created_by_id=moderator.id,
    )
    db.session.add(suspension)
    db.session.flush()
    record(moderator, "user.suspend", user, reason=until.isoformat(), note=reason)
    notify(user, "user.suspend", suspension, note=reason)
    db.session.flush()
    return suspension


def lift_suspension(moderator, suspension: Suspension) -> None:
    if suspension.lifted_at is not None:
        raise SuspensionRefused(_l("This suspension is already lifted."))
    suspension.lift(moderator)
    user = db.session.get(User, suspension.user_id)
    record(moderator, "user.unsuspend", user, note=suspension.reason)
    notify(user, "user.unsuspend", suspension)
    db.session.flush()


def suspensions_of(user) -> list[Suspension]:
    return db.session.scalars(
        select(Suspension)
        .where(Suspension.user_id == user.id)
        .options(joinedload(Suspension.created_by), joinedload(Suspension.lifted_by))
        .order_by(Suspension.starts_at.desc(), Suspension.id.desc())
    ).all()


def active_suspensions(user_ids) -> dict[int, Suspension]:
    """The suspensions in force on these accounts, in one query."""
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    now = utcnow()
    rows = db.session.scalars(
        select(Suspension).where(
            Suspension.user_id.in_(ids),
            Suspension.lifted_at.is_(None),
            Suspension.starts_at <= now,
            Suspension.ends_at > now,
        )
    )
    return {s.user_id: s for s in rows}


# -- the queue -------------------------------------------------------------------------------
@dataclass(frozen=True)
class QueueFilter:
    """What the queue shows: one state (a tab), and optional narrowing filters."""

    state: str = "all"
    kind: str | None = None
    consultation_id: int | None = None
    reason: ReasonCode | None = None
    age: str | None = None

    @property
    def kinds(self) -> tuple[str, ...]:
        if self.consultation_id is not None:
            return ("comment",) if self.kind in (None, "comment") else ()
        return (self.kind,) if self.kind in KINDS else KINDS

    def args(self, **changes) -> dict:
        """The query arguments that give this filter back (defaults left out), in order."""
        values = {
            "show": None if self.state == "all" else self.state,
            "type": self.kind,
            "consultation": self.consultation_id,
            "reason": self.reason.value if self.reason else None,
            "age": self.age,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "")}


def _not_suspended(model, now):
    return ~exists().where(_active_suspension_of(model.author_id, now))


def _state_condition(kind: str, model, state: str, now):
    """Which items a queue tab holds. Each tab's condition starts from an index (pending
    status, the review flag, open reports, open appeals), so the queue costs what it holds,
    not what the platform holds."""
    status = model.moderation_status
    open_flag_targets = select(FLAG_TARGETS[kind]).where(Flag.resolved_at.is_(None))
    open_appeal_targets = select(APPEAL_TARGETS[kind]).where(Appeal.decided_at.is_(None))
    conditions = {
        # A suspended author's pending items leave the queue while the suspension lasts.
        "pending": and_(status == ModerationStatus.PENDING, _not_suspended(model, now)),
        "flagged": and_(status == ModerationStatus.APPROVED, model.id.in_(open_flag_targets)),
        "post_moderated": and_(model.needs_review, status == ModerationStatus.APPROVED),
        "auto_hidden": and_(model.needs_review, status == ModerationStatus.HIDDEN),
        "appeals": model.id.in_(open_appeal_targets),
    }
    if state == "all":
        # An OR of the tabs would make the database read every row; a union of the tabs'
        # ids lets each one use its index.
        arms = [select(model.id).where(condition) for condition in conditions.values()]
        return model.id.in_(union_all(*arms))
    return conditions[state]


def _waiting_since(kind: str, model):
    """An appeal waits since it was made, a reported item since its first open report,
    anything else since it was written."""
    appealed = select(Appeal.created_at).where(_open_appeal(kind, model)).scalar_subquery()
    first_report = (
        select(func.min(Flag.created_at)).where(_open_flags(kind, model)).scalar_subquery()
    )
    return func.coalesce(appealed, first_report, model.created_at)


def _where(kind: str, state: str, f: QueueFilter, now):
    model = MODELS[kind]
    conditions = [_state_condition(kind, model, state, now)]
    if f.consultation_id is not None:
        conditions.append(Comment.consultation_id == f.consultation_id)
    if f.reason is not None:
        conditions.append(exists().where(_open_flags(kind, model), Flag.reason == f.reason))
    if f.age in AGES:
        conditions.append(_waiting_since(kind, model) <= now - AGES[f.age])
    return and_(*conditions)


def queue_counts(f: QueueFilter | None = None, states=QUEUE_STATES) -> dict[str, int]:
    """How many items each tab holds under the other filters, in one statement."""
    f = f or QueueFilter()
    now = utcnow()
    columns, keys = [], []
    for state in states:
        for kind in f.kinds:
            model = MODELS[kind]
            columns.append(
                select(func.count())
                .select_from(model)
                .where(_where(kind, state, f, now))
                .scalar_subquery()
            )
            keys.append(state)
    counts = dict.fromkeys(states, 0)
    if columns:
        for key, n in zip(keys, db.session.execute(select(*columns)).one(), strict=True):
            counts[key] += n
    return counts


def waiting_count() -> int:
    """Everything a moderator still has to look at: the navigation badge shows it."""
    return queue_counts(states=("all",))["all"]


def queue_union(f: QueueFilter):
    """(kind, id, waiting_since) of every item in the queue under `f`, oldest first."""
    now = utcnow()
    parts = [
        select(
            literal(kind).label("kind"),
            MODELS[kind].id.label("id"),
            _waiting_since(kind, MODELS[kind]).label("waiting_since"),
        ).where(_where(kind, f.state, f, now))
        for kind in f.kinds
    ]
    if not parts:
        return None
    union = union_all(*parts).subquery("queue") if len(parts) > 1 else parts[0].subquery("queue")
    return select(union.c.kind, union.c.id, union.c.waiting_since).order_by(
        union.c.waiting_since, union.c.id, union.c.kind
    )


def queue_consultations(current_id: int | None = None) -> list[Consultation]:
    """Consultations with comments in the queue (and the one filtered on), for the filter."""
    now = utcnow()
    with_items = select(Comment.consultation_id).where(
        _state_condition("comment", Comment, "all", now)
    )
    condition = Consultation.id.in_(with_items)
    if current_id is not None:
        condition = or_(condition, Consultation.id == current_id)
    return db.session.scalars(
        select(Consultation).where(condition).order_by(Consultation.id.desc())
    ).all()


@dataclass
class AuthorHistory:
    """How moderators decided on an author's earlier contributions."""

    approved: int = 0
    rejected: int = 0
    hidden: int = 0


def author_histories(author_ids) -> dict[int, AuthorHistory]:
    """Decisions on each author's comments and proposals: one grouped query for a page."""
    ids = {i for i in author_ids if i is not None}
    if not ids:
        return {}
    decided = (ModerationStatus.APPROVED, ModerationStatus.REJECTED, ModerationStatus.HIDDEN)
    union = union_all(
        select(
            Comment.author_id.label("author_id"), Comment.moderation_status.label("status")
        ).where(Comment.author_id.in_(ids), Comment.moderation_status.in_(decided)),
        select(
            Proposal.author_id.label("author_id"), Proposal.moderation_status.label("status")
        ).where(Proposal.author_id.in_(ids), Proposal.moderation_status.in_(decided)),
    ).subquery("decided")
    rows = db.session.execute(
        select(union.c.author_id, union.c.status, func.count()).group_by(
            union.c.author_id, union.c.status
        )
    )
    histories = {i: AuthorHistory() for i in ids}
    for author_id, status, n in rows:
        status = ModerationStatus(status) if isinstance(status, str) else status
        setattr(
            histories[author_id],
            {
                ModerationStatus.APPROVED: "approved",
                ModerationStatus.REJECTED: "rejected",
                ModerationStatus.HIDDEN: "hidden",
            }[status],
            n,
        )
    return histories


@dataclass
class QueueItem:
    kind: str
    obj: Comment | Proposal
    waiting_since: object
    flags: list[Flag] = field(default_factory=list)
    appeal: Appeal | None = None

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.obj.id}"

    @property
    def state(self) -> str:
        if self.appeal is not None and self.appeal.is_open:
            return "appeals"
        if self.obj.moderation_status is ModerationStatus.PENDING:
            return "pending"
        if self.obj.is_auto_hidden:
            return "auto_hidden"
        if self.obj.is_unreviewed:
            return "post_moderated"
        return "flagged"

    @property
    def is_flagged(self) -> bool:
        return bool(self.flags)

    @property
    def is_pending(self) -> bool:
        return self.obj.moderation_status is ModerationStatus.PENDING

    @property
    def flag_reasons(self) -> list[tuple[ReasonCode, int]]:
        """Each reported reason with how many people gave it, the most frequent first."""
        return Counter(f.reason for f in self.flags).most_common()

    @property
    def flag_notes(self) -> list[str]:
        return [f.note for f in self.flags if f.note]


@dataclass
class QueuePage:
    """A page of the queue; quacks like Flask-SQLAlchemy's pagination for `pager()`."""

    items: list[QueueItem]
    page: int
    per_page: int
    total: int
    histories: dict[int, AuthorHistory] = field(default_factory=dict)
    suspensions: dict[int, Suspension] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(ceil(self.total / self.per_page), 1)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None


def load_items(keys) -> dict[tuple[str, int], Comment | Proposal]:
    """Comments and proposals by (kind, id), their context loaded: two queries at most."""
    ids = {kind: [i for k, i in keys if k == kind] for kind in KINDS}
    loaded: dict[tuple[str, int], Comment | Proposal] = {}
    if ids["comment"]:
        for c in db.session.scalars(
            select(Comment)
            .where(Comment.id.in_(ids["comment"]))
            .options(
                joinedload(Comment.consultation),
                joinedload(Comment.section),
                joinedload(Comment.parent),
                joinedload(Comment.author),
            )
        ).unique():
            loaded["comment", c.id] = c
    if ids["proposal"]:
        for p in db.session.scalars(
            select(Proposal)
            .where(Proposal.id.in_(ids["proposal"]))
            .options(joinedload(Proposal.author), joinedload(Proposal.category))
        ).unique():
            loaded["proposal", p.id] = p
    return loaded


def queue_page(f: QueueFilter, page: int, per_page: int, total: int) -> QueuePage:
    """One page of the queue: the union gives the order, then a fixed number of queries load
    the items, their open reports and appeals, and their authors' history and suspensions,
    whatever the number of items."""
    union = queue_union(f)
    rows = []
    if union is not None:
        rows = db.session.execute(union.limit(per_page).offset((page - 1) * per_page)).all()
    keys = [(r.kind, r.id) for r in rows]
    loaded = load_items(keys)
    comment_ids = [i for k, i in keys if k == "comment"]
    proposal_ids = [i for k, i in keys if k == "proposal"]
    flags: dict[tuple[str, int], list[Flag]] = {}
    appeals: dict[tuple[str, int], Appeal] = {}
    if rows:
        for report in db.session.scalars(
            select(Flag)
            .where(
                Flag.resolved_at.is_(None),
                or_(Flag.comment_id.in_(comment_ids), Flag.proposal_id.in_(proposal_ids)),
            )
            .order_by(Flag.created_at, Flag.id)
        ):
            key = (
                ("comment", report.comment_id)
                if report.comment_id
                else ("proposal", report.proposal_id)
            )
            flags.setdefault(key, []).append(report)
        for appeal in db.session.scalars(
            select(Appeal)
            .where(
                Appeal.decided_at.is_(None),
                or_(Appeal.comment_id.in_(comment_ids), Appeal.proposal_id.in_(proposal_ids)),
            )
            .options(joinedload(Appeal.original_moderator))
        ):
            key = (
                ("comment", appeal.comment_id)
                if appeal.comment_id
                else ("proposal", appeal.proposal_id)
            )
            appeals[key] = appeal
    items = [
        QueueItem(
            r.kind,
            loaded[r.kind, r.id],
            r.waiting_since,
            flags.get((r.kind, r.id), []),
            appeals.get((r.kind, r.id)),
        )
        for r in rows
        if (r.kind, r.id) in loaded
    ]
    authors = {item.obj.author_id for item in items}
    return QueuePage(
        items=items,
        page=page,
        per_page=per_page,
        total=total,
        histories=author_histories(authors) if items else {},
        suspensions=active_suspensions(authors) if items else {},
    )


# -- decisions -------------------------------------------------------------------------------
def is_own(item, user) -> bool:
    return item.author_id is not None and item.author_id == user.id


def check_decision(item, moderator, decision: str) -> None:
    """Refuse a decision the moderator may not take, or one that came too late.

    PermissionError: the moderator wrote the item. AlreadyDecided: the item has left the
    state the decision was meant for (another moderator was quicker).
    """
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    if is_own(item, moderator):
        raise PermissionError("A moderator never decides on their own content.")
    status = item.moderation_status
    if decision in ("approve", "reject") and status is not ModerationStatus.PENDING:
        raise AlreadyDecided
    if decision == "hide" and not (item.is_published or item.is_auto_hidden):
        raise AlreadyDecided
    if decision == "keep" and not (
        item.is_published and (item.needs_review or has_open_flags(item))
    ):
        raise AlreadyDecided
    if decision == "restore" and not item.is_auto_hidden:
        raise AlreadyDecided


def resolve_flags(item) -> None:
    kind = kind_of(item)
    db.session.execute(
        update(Flag)
        .where(FLAG_TARGETS[kind] == item.id, Flag.resolved_at.is_(None))
        .values(resolved_at=utcnow())
    )


def decide(item, moderator, decision: str, reason: ReasonCode | None = None, note=None):
    """Approve, reject, hide, keep or restore `item`; write the audit row; tell the author.

    Reject and hide need a reason. Hide, keep and restore close the open reports on the item.
    """
    check_decision(item, moderator, decision)
    if decision in NEEDS_REASON and reason is None:
        raise ValueError(f"{decision} needs a reason")
    note = (note or "").strip() or None
    if decision == "approve":
        item.approve(moderator, note=note)
    elif decision == "reject":
        item.reject(moderator, reason, note=note)
    else:
        if decision == "hide":
            item.hide(moderator, reason, note=note)
        elif decision == "keep":
            item.keep(moderator, note=note)
        else:
            item.restore(moderator, note=note)
        resolve_flags(item)
    action = f"{kind_of(item)}.{decision}"
    entry = record(moderator, action, item, reason=reason, note=note)
    notify_author(item, action, reason=reason, note=note)
    db.session.flush()
    return entry


# What each bulk action means for an item in each state of the queue.
_BULK = {
    "approve": {
        "pending": "approve",
        "post_moderated": "keep",
        "flagged": "keep",
        "auto_hidden": "restore",
    },
    "reject": {
        "pending": "reject",
        "post_moderated": "hide",
        "flagged": "hide",
        "auto_hidden": "hide",
    },
}


@dataclass
class BulkResult:
    decided: int = 0
    own: int = 0
    stale: int = 0  # already decided by someone else, or an appeal (decided one by one)


def parse_item_keys(values) -> list[tuple[str, int]]:
    """["comment-3", "proposal-7"] → [("comment", 3), ("proposal", 7)]; junk is ignored."""
    keys = []
    for value in values:
        kind, _sep, number = (value or "").partition("-")
        if kind in KINDS and number.isdigit() and (kind, int(number)) not in keys:
            keys.append((kind, int(number)))
    return keys


def bulk_decide(moderator, keys, action: str, reason: ReasonCode | None = None, note=None):
    """Approve (publish, keep, restore) or reject (reject, hide) several items at once, with
    one reason. The moderator's own items are left out and counted."""
    if action not in BULK_ACTIONS:
        raise ValueError(f"unknown bulk action {action!r}")
    if action == "reject" and reason is None:
        raise ValueError("a bulk rejection needs a reason")
    result = BulkResult()
    if not keys:
        return result
    by_kind = {kind: [i for k, i in keys if k == kind] for kind in KINDS}
    open_appeals = set()
    for kind in KINDS:
        if by_kind[kind]:
            column = APPEAL_TARGETS[kind]
            open_appeals |= {
                (kind, i)
                for i in db.session.scalars(
                    select(column).where(column.in_(by_kind[kind]), Appeal.decided_at.is_(None))
                )
            }
    items = {}
    for kind in KINDS:
        if by_kind[kind]:
            model = MODELS[kind]
            for obj in db.session.scalars(
                select(model).where(model.id.in_(by_kind[kind])).with_for_update()
            ):
                items[kind, obj.id] = obj
    for key in keys:
        item = items.get(key)
        if item is None or key in open_appeals:
            result.stale += 1
            continue
        if is_own(item, moderator):
            result.own += 1
            continue
        state = QueueItem(key[0], item, None).state
        if item.is_published and state == "flagged" and not has_open_flags(item):
            state = None  # published, nobody reports it: nothing to decide
        decision = _BULK[action].get(state)
        if decision is None:
            result.stale += 1
            continue
        try:
            decide(
                item,
                moderator,
                decision,
                reason=reason if decision in NEEDS_REASON else None,
                note=note,
            )
        except AlreadyDecided:
            result.stale += 1
            continue
        result.decided += 1
    return result


# -- reports by participants ----------------------------------------------------------------
def has_flagged(item, user) -> bool:
    query = select(exists().where(FLAG_TARGETS[kind_of(item)] == item.id, Flag.user_id == user.id))
    return bool(db.session.scalar(query))


def check_flag(item, user) -> None:
    """Refuse a report on unpublished content, on one's own, or a second one."""
    if not item.is_published:
        raise FlagRefused(_l("Only published contributions can be reported."))
    if is_own(item, user):
        raise FlagRefused(_l("You cannot report your own contribution."))
    if has_flagged(item, user):
        raise AlreadyFlagged


def flag_hide_threshold() -> int:
    return int(current_app.config.get("FLAG_HIDE_THRESHOLD", DEFAULT_FLAG_HIDE_THRESHOLD))


def flag(item, user, reason: ReasonCode, note=None) -> Flag:
    """`user` reports published `item`. The database keeps it to one report per account:
    a race past the check ends in an IntegrityError, which the caller handles. Reports from
    enough distinct accounts hide the item until a moderator decides."""
    ensure_not_suspended(user)
    check_flag(item, user)
    report = Flag(user_id=user.id, reason=reason, note=(note or "").strip() or None)
    setattr(report, f"{kind_of(item)}_id", item.id)
    db.session.add(report)
    db.session.flush()
    auto_hide_if_reported(item)
    return report


def auto_hide_if_reported(item) -> bool:
    """Hide `item` when open reports from FLAG_HIDE_THRESHOLD distinct accounts are on it.

    The reason is the one most reporters gave (the earliest given, on a tie); no moderator
    is recorded, and the item waits in the queue ("hidden automatically") for one.
    """
    if not item.is_published:
        return False
    kind = kind_of(item)
    reports = db.session.execute(
        select(Flag.user_id, Flag.reason)
        .where(FLAG_TARGETS[kind] == item.id, Flag.resolved_at.is_(None), Flag.user_id.is_not(None))
        .order_by(Flag.created_at, Flag.id)
    ).all()
    reporters = {r.user_id for r in reports}
    if len(reporters) < flag_hide_threshold():
        return False
    reason = Counter(r.reason for r in reports).most_common(1)[0][0]
    with force_locale(recipient_locale(item.author)):
        note = ngettext(
            "Hidden automatically after %(num)d report.",
            "Hidden automatically after %(num)d reports.",
            len(reporters),
        )
    item.auto_hide(reason, note)
    record(None, f"{kind}.auto_hide", item, reason=reason, note=note)
    notify_author(item, f"{kind}.auto_hide", reason=reason)
    db.session.flush()
    return True


# -- appeals ---------------------------------------------------------------------------------
def appeal_of(item) -> Appeal | None:
    column = APPEAL_TARGETS[kind_of(item)]
    return db.session.scalar(select(Appeal).where(column == item.id))


def check_appeal(item, user) -> None:
    """Refuse an appeal on someone else's item (PermissionError), on an item that is not
    rejected or hidden by a moderator, or a second one (AppealRefused)."""
    if not is_own(item, user):
        raise PermissionError("only the author appeals")
    if (
        item.moderation_status not in (ModerationStatus.REJECTED, ModerationStatus.HIDDEN)
        or item.needs_review
    ):
        raise AppealRefused(_l("Only a decision to reject or hide a contribution can be appealed."))
    if appeal_of(item) is not None:
        raise AppealRefused(
            _l("You have already appealed this decision: an appeal is possible once.")
        )


def file_appeal(item, user, body: str) -> Appeal:
    """The author appeals the rejection or hiding of `item`, once (the database keeps it to
    one appeal per item: a race ends in an IntegrityError, which the caller handles)."""
    check_appeal(item, user)
    body = (body or "").strip()
    if not APPEAL_MIN_LENGTH <= len(body) <= APPEAL_MAX_LENGTH:
        raise ValueError("an appeal has 10 to 1000 characters")
    appeal = Appeal(
        author_id=user.id,
        body=body,
        created_at=utcnow(),
        original_status=item.moderation_status,
        original_reason=item.moderation_reason,
        original_moderator_id=item.moderated_by_id,
    )
    setattr(appeal, f"{kind_of(item)}_id", item.id)
    db.session.add(appeal)
    db.session.flush()
    record(user, f"{kind_of(item)}.appeal", item, reason=item.moderation_reason, note=body)
    db.session.flush()
    return appeal


def appeal_item(appeal: Appeal, lock: bool = False):
    kind = "comment" if appeal.comment_id else "proposal"
    return load_item(kind, appeal.comment_id or appeal.proposal_id, lock=lock)


def may_decide_appeal(appeal: Appeal, item, moderator) -> bool:
    """Not the author, and not the moderator who decided (first, or last)."""
    deciders = {appeal.original_moderator_id, item.moderated_by_id} - {None}
    return not is_own(item, moderator) and moderator.id not in deciders


def decide_appeal(appeal: Appeal, moderator, decision: str, note=None) -> AuditEntry:
    """Uphold the decision (the item stays rejected or hidden) or reverse it (published)."""
    if decision not in APPEAL_DECISIONS:
        raise ValueError(f"unknown appeal decision {decision!r}")
    if not appeal.is_open:
        raise AlreadyDecided
    item = appeal_item(appeal)
    if is_own(item, moderator):
        raise PermissionError("A moderator never decides on their own content.")
    if not may_decide_appeal(appeal, item, moderator):
        raise SameModerator("another moderator decides this appeal")
    note = (note or "").strip() or None
    kind = kind_of(item)
    appeal.decided_at = utcnow()
    appeal.decided_by_id = moderator.id
    appeal.decision_note = note
    if decision == "reverse":
        appeal.outcome = AppealOutcome.REVERSED
        item.reinstate(moderator, note=note)
        resolve_flags(item)
        action = f"{kind}.appeal_reversed"
    else:
        appeal.outcome = AppealOutcome.UPHELD
        action = f"{kind}.appeal_upheld"
    entry = record(moderator, action, item, reason=appeal.original_reason, note=note)
    notify_author(
        item, action, reason=None if decision == "reverse" else item.moderation_reason, note=note
    )
    db.session.flush()
    return entry


# -- the audit log ---------------------------------------------------------------------------

ACTION_LABELS = {
    "comment.approve": _l("Comment approved"),
    "comment.reject": _l("Comment rejected"),
    "comment.hide": _l("Comment hidden"),
    "comment.keep": _l("Comment kept published after review"),
    "comment.restore": _l("Comment published again after an automatic hiding"),
    "comment.auto_hide": _l("Comment hidden automatically after reports"),
    "comment.appeal": _l("Appeal against a decision on a comment"),
    "comment.appeal_upheld": _l("Appeal on a comment: decision upheld"),
    "comment.appeal_reversed": _l("Appeal on a comment: decision reversed"),
    "proposal.approve": _l("Proposal approved"),
    "proposal.reject": _l("Proposal rejected"),
    "proposal.hide": _l("Proposal hidden"),
    "proposal.keep": _l("Proposal kept published after review"),
    "proposal.restore": _l("Proposal published again after an automatic hiding"),
    "proposal.auto_hide": _l("Proposal hidden automatically after reports"),
    "proposal.appeal": _l("Appeal against a decision on a proposal"),
    "proposal.appeal_upheld": _l("Appeal on a proposal: decision upheld"),
    "proposal.appeal_reversed": _l("Appeal on a proposal: decision reversed"),
    "proposal.answer": _l("Proposal answered"),
    "consultation.publish": _l("Consultation published"),
    "consultation.unpublish": _l("Consultation returned to draft"),
    "consultation.close": _l("Consultation closed"),
    "consultation.publish_report": _l("Consultation report published"),
    "consultation.export": _l("Consultation exported"),
    "comment_response.save": _l("Response to a comment saved"),
    "consultation.create": _l("Consultation created"),
    "consultation.update": _l("Consultation edited"),
    "section.create": _l("Section added"),
    "section.update": _l("Section edited"),
    "section.delete": _l("Section deleted"),
    "section.move": _l("Section moved"),
    "document.upload": _l("Document uploaded"),
    "document.delete": _l("Document deleted"),
    "category.create": _l("Category added"),
    "category.update": _l("Category edited"),
    "category.delete": _l("Category deleted"),
    "user.role_change": _l("Role changed"),
    "user.suspend": _l("Account suspended"),
    "user.unsuspend": _l("Account suspension lifted"),
    "user.delete": _l("Account erased at the person’s request"),
    "audit.export": _l("Audit log exported"),
}

# What the audit log can be filtered by: the part of the action before the dot.
ACTION_GROUPS = {
    "comment": _l("Comments"),
    "proposal": _l("Proposals"),
    "consultation": _l("Consultations"),
    "comment_response": _l("Responses to comments"),
    "section": _l("Sections"),
    "document": _l("Documents"),
    "category": _l("Categories"),
    "user": _l("Accounts"),
    "audit": _l("Audit log"),
}

# The kinds of object an audit row points at.
OBJECT_TYPES = {
    "comment": _l("Comment"),
    "proposal": _l("Proposal"),
    "consultation": _l("Consultation"),
    "comment_response": _l("Response to a comment"),
    "section": _l("Section"),
    "document": _l("Document"),
    "category": _l("Category"),
    "user": _l("Account"),
    "audit_log": _l("Audit log"),
}


def action_label(action: str):
    return ACTION_LABELS.get(action, action)


# What the `reason` column holds, by action: moderation stores a reason code, a staff answer
# the decision or stage it gave, a role change the new role, a suspension its last day.
_REASON_KINDS = {
    "comment_response.save": ResponseDecision,
    "proposal.answer": Stage,
    "user.role_change": Role,
}


def reason_label(value: str | None, action: str = ""):
    if not value:
        return None
    if action == "user.suspend":
        try:
            return format_date(date.fromisoformat(value), "long")
        except ValueError:
            return value
    try:
        return _REASON_KINDS.get(action, ReasonCode)(value).label
    except ValueError:
        return value


@dataclass(frozen=True)
class AuditFilter:
    group: str | None = None
    actor_id: int | None = None
    object_type: str | None = None
    since: date | None = None  # first day, city time, included
    until: date | None = None  # last day, city time, included

    def describe(self) -> str:
        """The filter in a few words, for the audit row of an export."""
        parts = [
            f"{name}={value}"
            for name, value in (
                ("action", self.group),
                ("actor", self.actor_id),
                ("object", self.object_type),
                ("from", self.since),
                ("to", self.until),
            )
            if value
        ]
        return ", ".join(parts) or "all"


def _start_of_day(day: date) -> datetime:
    return end_of_day(day - timedelta(days=1))


def audit_select(f: AuditFilter | None = None, actor_id: int | None = None):
    """A select() of audit rows, newest first. `f` may be an AuditFilter or, as before, the
    action group (with `actor_id`)."""
    if not isinstance(f, AuditFilter):
        f = AuditFilter(group=f, actor_id=actor_id)
    query = select(AuditEntry).options(joinedload(AuditEntry.actor))
    if f.group:
        query = query.where(AuditEntry.action.startswith(f"{f.group}.", autoescape=True))
    if f.actor_id:
        query = query.where(AuditEntry.actor_id == f.actor_id)
    if f.object_type:
        query = query.where(AuditEntry.object_type == f.object_type)
    if f.since:
        query = query.where(AuditEntry.created_at >= _start_of_day(f.since))
    if f.until:
        query = query.where(AuditEntry.created_at < end_of_day(f.until))
    return query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())


def audit_actors():
    """Everyone who appears in the audit log, for the filter."""
    return db.session.scalars(
        select(User)
        .where(User.id.in_(select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None))))
        .order_by(User.display_name, User.id)
    ).all()


def record_export(actor, f: AuditFilter) -> AuditEntry:
    entry = record(
        actor, "audit.export", None, note=f.describe(), object_type="audit_log", object_id=0
    )
    db.session.flush()
    return entry


def audit_rows(f: AuditFilter, batch: int = 500):
    """Every audit row under `f`, newest first, read in batches (for the CSV export)."""
    query = audit_select(f).execution_options(yield_per=batch)
    yield from db.session.scalars(query)


@dataclass(frozen=True)
class AuditObject:
    """What an audit row points at, as the log shows it."""

    type: str
    id: int
    title: str | None = None
    language: str | None = None
    consultation: Consultation | None = None
    consultation_id: int | None = None
    comment_id: int | None = None


def audit_objects(entries) -> dict[tuple[str, int], AuditObject]:
    """The objects of a page of audit rows, one query per kind of object at most."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        wanted.setdefault(entry.object_type, set()).add(entry.object_id)
    found: dict[tuple[str, int], AuditObject] = {}
    if wanted.get("comment"):
        for comment_id, consultation_id in db.session.execute(
            select(Comment.id, Comment.consultation_id).where(Comment.id.in_(wanted["comment"]))
        ):
            found["comment", comment_id] = AuditObject(
                "comment", comment_id, consultation_id=consultation_id, comment_id=comment_id
            )
    if wanted.get("comment_response"):
        for response_id, comment_id, consultation_id in db.session.execute(
            select(CommentResponse.id, Comment.id, Comment.consultation_id)
            .join(Comment, CommentResponse.comment_id == Comment.id)
            .where(CommentResponse.id.in_(wanted["comment_response"]))
        ):
            found["comment_response", response_id] = AuditObject(
                "comment_response",
                response_id,
                consultation_id=consultation_id,
                comment_id=comment_id,
            )
    if wanted.get("proposal"):
        for proposal_id, title, language in db.session.execute(
            select(Proposal.id, Proposal.title, Proposal.language).where(
                Proposal.id.in_(wanted["proposal"])
            )
        ):
            found["proposal", proposal_id] = AuditObject(
                "proposal", proposal_id, title=title, language=language
            )
    if wanted.get("consultation"):
        for consultation in db.session.scalars(
            select(Consultation).where(Consultation.id.in_(wanted["consultation"]))
        ):
            found["consultation", consultation.id] = AuditObject(
                "consultation",
                consultation.id,
                consultation=consultation,
                consultation_id=consultation.id,
            )
    if wanted.get("user"):
        for user_id, name in db.session.execute(
            select(User.id, User.display_name).where(User.id.in_(wanted["user"]))
        ):
            found["user", user_id] = AuditObject("user", user_id, title=name)
    return found
