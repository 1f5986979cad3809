"""Moderation without a request in sight: the queue, decisions and reports (flags).

Functions flush; the view commits. Every decision writes an audit row with its actor.
"""

from collections import Counter
from dataclasses import dataclass, field
from math import ceil

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, literal, or_, select, union_all, update
from sqlalchemy.orm import joinedload

from ..auth.models import Role
from ..consultations.models import Comment, CommentResponse, Consultation, ResponseDecision
from ..core.timeutil import utcnow
from ..extensions import db
from ..proposals.models import Proposal, Stage
from .models import AuditEntry, Flag, ModerationStatus, ReasonCode, record

MODELS = {"comment": Comment, "proposal": Proposal}
# The foreign key on Flag that points at each kind.
FLAG_TARGETS = {"comment": Flag.comment_id, "proposal": Flag.proposal_id}

DECISIONS = ("approve", "reject", "hide", "keep")
NEEDS_REASON = ("reject", "hide")
# The tabs of the queue, in the order they are shown.
QUEUE_VIEWS = ("all", "comments", "proposals", "flagged")


class AlreadyDecided(Exception):
    """The item is no longer in the state the decision was made for."""


class FlagRefused(Exception):
    """A report that cannot be accepted; `message` is a lazy string shown to the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class AlreadyFlagged(FlagRefused):
    def __init__(self):
        super().__init__(_l("You have already reported this."))


def kind_of(item) -> str:
    return "comment" if isinstance(item, Comment) else "proposal"


def load_item(kind: str, item_id: int, lock: bool = False):
    """The comment or proposal, or 404; `lock` holds the row until commit (PostgreSQL)."""
    options = {"with_for_update": True} if lock else {}
    return db.get_or_404(MODELS[kind], item_id, **options)


def _open_flags(kind: str, model):
    return and_(FLAG_TARGETS[kind] == model.id, Flag.resolved_at.is_(None))


def has_open_flags(item) -> bool:
    kind = kind_of(item)
    query = select(exists().where(FLAG_TARGETS[kind] == item.id, Flag.resolved_at.is_(None)))
    return bool(db.session.scalar(query))


# -- the queue -------------------------------------------------------------------------------


def _pending(model):
    return model.moderation_status == ModerationStatus.PENDING


def _flagged(kind: str, model):
    approved = model.moderation_status == ModerationStatus.APPROVED
    return and_(approved, exists().where(_open_flags(kind, model)))


def queue_counts() -> dict[str, int]:
    """How many items wait in each tab of the queue, in one statement."""

    def count(model, condition):
        return select(func.count()).select_from(model).where(condition).scalar_subquery()

    row = db.session.execute(
        select(
            count(Comment, _pending(Comment)),
            count(Proposal, _pending(Proposal)),
            count(Comment, _flagged("comment", Comment)),
            count(Proposal, _flagged("proposal", Proposal)),
        )
    ).one()
    pending_comments, pending_proposals, flagged_comments, flagged_proposals = row
    return {
        "all": sum(row),
        "comments": pending_comments + flagged_comments,
        "proposals": pending_proposals + flagged_proposals,
        "flagged": flagged_comments + flagged_proposals,
        "pending": pending_comments + pending_proposals,
    }


def waiting_count() -> int:
    """Everything a moderator still has to look at: the navigation badge shows it."""
    return queue_counts()["all"]


def _queue_select(kind: str, view: str):
    model = MODELS[kind]
    if view == "flagged":
        condition = _flagged(kind, model)
    else:
        condition = or_(_pending(model), _flagged(kind, model))
    # A reported item waits since its first open report, a pending one since it was written.
    first_report = (
        select(func.min(Flag.created_at)).where(_open_flags(kind, model)).scalar_subquery()
    )
    return select(
        literal(kind).label("kind"),
        model.id.label("id"),
        func.coalesce(first_report, model.created_at).label("waiting_since"),
    ).where(condition)


def queue_union(view: str = "all"):
    """(kind, id, waiting_since) of every item in the queue `view`, oldest first."""
    kinds = {"comments": ("comment",), "proposals": ("proposal",)}.get(
        view, ("comment", "proposal")
    )
    parts = [_queue_select(kind, view) for kind in kinds]
    union = union_all(*parts).subquery("queue") if len(parts) > 1 else parts[0].subquery("queue")
    return select(union.c.kind, union.c.id, union.c.waiting_since).order_by(
        union.c.waiting_since, union.c.id, union.c.kind
    )


@dataclass
class QueueItem:
    kind: str
    obj: Comment | Proposal
    waiting_since: object
    flags: list[Flag] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.obj.id}"

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


def queue_page(view: str, page: int, per_page: int, total: int) -> QueuePage:
    """One page of the queue: the union gives the order, then two queries load the items
    (and one their open reports), whatever the number of items."""
    rows = db.session.execute(queue_union(view).limit(per_page).offset((page - 1) * per_page)).all()
    ids = {"comment": [r.id for r in rows if r.kind == "comment"]}
    ids["proposal"] = [r.id for r in rows if r.kind == "proposal"]
    loaded = {"comment": {}, "proposal": {}}
    if ids["comment"]:
        comments = db.session.scalars(
            select(Comment)
            .where(Comment.id.in_(ids["comment"]))
            .options(
                joinedload(Comment.consultation),
                joinedload(Comment.section),
                joinedload(Comment.parent),
                joinedload(Comment.author),
            )
        ).unique()
        loaded["comment"] = {c.id: c for c in comments}
    if ids["proposal"]:
        proposals = db.session.scalars(
            select(Proposal)
            .where(Proposal.id.in_(ids["proposal"]))
            .options(joinedload(Proposal.author), joinedload(Proposal.category))
        ).unique()
        loaded["proposal"] = {p.id: p for p in proposals}
    flags = {}
    if rows:
        open_flags = db.session.scalars(
            select(Flag)
            .where(
                Flag.resolved_at.is_(None),
                or_(Flag.comment_id.in_(ids["comment"]), Flag.proposal_id.in_(ids["proposal"])),
            )
            .order_by(Flag.created_at, Flag.id)
        )
        for report in open_flags:
            if report.comment_id:
                key = ("comment", report.comment_id)
            else:
                key = ("proposal", report.proposal_id)
            flags.setdefault(key, []).append(report)
    items = [
        QueueItem(r.kind, loaded[r.kind][r.id], r.waiting_since, flags.get((r.kind, r.id), []))
        for r in rows
        if r.id in loaded[r.kind]
    ]
    return QueuePage(items=items, page=page, per_page=per_page, total=total)


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
    if decision == "hide" and status is not ModerationStatus.APPROVED:
        raise AlreadyDecided
    if decision == "keep" and (status is not ModerationStatus.APPROVED or not has_open_flags(item)):
        raise AlreadyDecided


def resolve_flags(item) -> None:
    kind = kind_of(item)
    db.session.execute(
        update(Flag)
        .where(FLAG_TARGETS[kind] == item.id, Flag.resolved_at.is_(None))
        .values(resolved_at=utcnow())
    )


def decide(item, moderator, decision: str, reason: ReasonCode | None = None, note=None):
    """Approve, reject, hide or keep `item`, and write the audit row.

    Reject and hide need a reason; hide and keep close the open reports on the item.
    """
    check_decision(item, moderator, decision)
    if decision in NEEDS_REASON and reason is None:
        raise ValueError(f"{decision} needs a reason")
    note = (note or "").strip() or None
    if decision == "approve":
        item.approve(moderator, note=note)
    elif decision == "reject":
        item.reject(moderator, reason, note=note)
    elif decision == "hide":
        item.hide(moderator, reason, note=note)
        resolve_flags(item)
    else:
        resolve_flags(item)
    entry = record(moderator, f"{kind_of(item)}.{decision}", item, reason=reason, note=note)
    db.session.flush()
    return entry


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


def flag(item, user, reason: ReasonCode, note=None) -> Flag:
    """`user` reports published `item`. The database keeps it to one report per account:
    a race past the check ends in an IntegrityError, which the caller handles."""
    check_flag(item, user)
    report = Flag(user_id=user.id, reason=reason, note=(note or "").strip() or None)
    setattr(report, f"{kind_of(item)}_id", item.id)
    db.session.add(report)
    db.session.flush()
    return report


# -- the audit log ---------------------------------------------------------------------------

ACTION_LABELS = {
    "comment.approve": _l("Comment approved"),
    "comment.reject": _l("Comment rejected"),
    "comment.hide": _l("Comment hidden"),
    "comment.keep": _l("Comment kept after reports"),
    "proposal.approve": _l("Proposal approved"),
    "proposal.reject": _l("Proposal rejected"),
    "proposal.hide": _l("Proposal hidden"),
    "proposal.keep": _l("Proposal kept after reports"),
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
}

# What the audit log can be filtered by: the part of the action before the dot.
ACTION_GROUPS = {
    "comment": _l("Comments"),
    "proposal": _l("Proposals"),
    "consultation": _l("Consultations"),
    "comment_response": _l("Responses to comments"),
}


def action_label(action: str):
    return ACTION_LABELS.get(action, action)


# What the `reason` column holds, by action: moderation stores a reason code, a staff answer
# the decision or stage it gave, a role change the new role.
_REASON_KINDS = {
    "comment_response.save": ResponseDecision,
    "proposal.answer": Stage,
    "user.role_change": Role,
}


def reason_label(value: str | None, action: str = ""):
    if not value:
        return None
    try:
        return _REASON_KINDS.get(action, ReasonCode)(value).label
    except ValueError:
        return value


def audit_select(group: str | None = None, actor_id: int | None = None):
    query = select(AuditEntry).options(joinedload(AuditEntry.actor))
    if group:
        query = query.where(AuditEntry.action.startswith(f"{group}.", autoescape=True))
    if actor_id:
        query = query.where(AuditEntry.actor_id == actor_id)
    return query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())


def audit_actors():
    """Everyone who appears in the audit log, for the filter."""
    from ..auth.models import User

    return db.session.scalars(
        select(User)
        .where(User.id.in_(select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None))))
        .order_by(User.display_name, User.id)
    ).all()


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
    return found
