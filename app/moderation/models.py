"""What moderation decides and how it is recorded.

Moderation never deletes: content moves between states, and every decision leaves an
`AuditEntry` with its actor.
"""

import enum
import re
from datetime import UTC, date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, relationship

from ..core.enums import enum_column
from ..core.timeutil import city_timezone, utcnow
from ..extensions import db


class ModerationStatus(enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    HIDDEN = "hidden"

    @property
    def label(self):
        return MODERATION_STATUS_LABELS[self]


MODERATION_STATUS_LABELS = {
    ModerationStatus.PENDING: _l("Awaiting moderation"),
    ModerationStatus.APPROVED: _l("Published"),
    ModerationStatus.REJECTED: _l("Rejected"),
    ModerationStatus.HIDDEN: _l("Hidden"),
}


class ModerationMode(enum.Enum):
    """When a consultation's comments are published: after a moderator approves them (pre),
    or at once, to be reviewed afterwards (post)."""

    PRE = "pre"
    POST = "post"

    @property
    def label(self):
        return MODERATION_MODE_LABELS[self]


MODERATION_MODE_LABELS = {
    ModerationMode.PRE: _l(
        "Pre-moderation: comments are published after a moderator approves them"
    ),
    ModerationMode.POST: _l(
        "Post-moderation: comments are published at once and reviewed by a moderator afterwards"
    ),
}


class ReasonCode(enum.Enum):
    """Why a moderator rejected or hid something; also what a flag reports."""

    OFF_TOPIC = "off_topic"
    OFFENSIVE = "offensive"
    SPAM = "spam"
    PERSONAL_DATA = "personal_data"
    DUPLICATE = "duplicate"
    OTHER = "other"

    @property
    def label(self):
        return REASON_LABELS[self]


REASON_LABELS = {
    ReasonCode.OFF_TOPIC: _l("Off topic"),
    ReasonCode.OFFENSIVE: _l("Offensive"),
    ReasonCode.SPAM: _l("Spam or advertising"),
    ReasonCode.PERSONAL_DATA: _l("Contains personal data"),
    ReasonCode.DUPLICATE: _l("Duplicate"),
    ReasonCode.OTHER: _lp("reason", "Other reason"),
}


class ModeratedMixin:
    """Columns shared by everything citizens write and moderators decide on.

    `needs_review` marks content that is in its state without a moderator's decision yet:
    published at once under post-moderation, or hidden automatically after reports. It leaves
    the queue when a moderator confirms, hides or restores it.
    """

    moderation_status: Mapped[ModerationStatus] = mapped_column(
        enum_column(ModerationStatus), default=ModerationStatus.PENDING, index=True
    )
    moderation_reason: Mapped[ReasonCode | None] = mapped_column(enum_column(ReasonCode))
    moderation_note: Mapped[str | None] = mapped_column(Text)
    moderated_at: Mapped[datetime | None]
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    @declared_attr
    def moderated_by_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def is_published(self) -> bool:
        return self.moderation_status is ModerationStatus.APPROVED

    @property
    def is_auto_hidden(self) -> bool:
        return self.moderation_status is ModerationStatus.HIDDEN and self.needs_review

    @property
    def is_unreviewed(self) -> bool:
        """Published at once (post-moderation), not yet confirmed by a moderator."""
        return self.moderation_status is ModerationStatus.APPROVED and self.needs_review

    def _decide(self, moderator, status, reason=None, note=None) -> None:
        if getattr(self, "author_id", None) == moderator.id:
            raise PermissionError("A moderator never decides on their own content.")
        self.moderation_status = status
        self.moderation_reason = reason
        self.moderation_note = note or None
        self.moderated_at = utcnow()
        self.moderated_by_id = moderator.id
        self.needs_review = False

    def approve(self, moderator, note=None) -> None:
        if self.moderation_status not in (ModerationStatus.PENDING, ModerationStatus.HIDDEN):
            raise ValueError(f"cannot approve {self.moderation_status.value} content")
        self._decide(moderator, ModerationStatus.APPROVED, None, note)

    def reject(self, moderator, reason: ReasonCode, note=None) -> None:
        if self.moderation_status is not ModerationStatus.PENDING:
            raise ValueError(f"cannot reject {self.moderation_status.value} content")
        self._decide(moderator, ModerationStatus.REJECTED, reason, note)

    def hide(self, moderator, reason: ReasonCode, note=None) -> None:
        """Hide published content, or confirm an automatic hiding (with a reason chosen)."""
        if not (self.is_published or self.is_auto_hidden):
            raise ValueError(f"cannot hide {self.moderation_status.value} content")
        self._decide(moderator, ModerationStatus.HIDDEN, reason, note)

    def keep(self, moderator, note=None) -> None:
        """Published content stays published after review (reports or post-moderation)."""
        if not self.is_published:
            raise ValueError(f"cannot keep {self.moderation_status.value} content")
        self._decide(moderator, ModerationStatus.APPROVED, None, note)

    def restore(self, moderator, note=None) -> None:
        """Publish again what was hidden automatically after reports."""
        if not self.is_auto_hidden:
            raise ValueError("only automatically hidden content can be restored")
        self._decide(moderator, ModerationStatus.APPROVED, None, note)

    def reinstate(self, moderator, note=None) -> None:
        """An appeal reversed a rejection or a hiding: the content is published."""
        if self.moderation_status not in (ModerationStatus.REJECTED, ModerationStatus.HIDDEN):
            raise ValueError(f"cannot reinstate {self.moderation_status.value} content")
        self._decide(moderator, ModerationStatus.APPROVED, None, note)

    def auto_hide(self, reason: ReasonCode, note: str) -> None:
        """Hidden without a moderator, after enough people reported it; awaits review."""
        if not self.is_published:
            raise ValueError(f"cannot hide {self.moderation_status.value} content")
        self.moderation_status = ModerationStatus.HIDDEN
        self.moderation_reason = reason
        self.moderation_note = note
        self.moderated_at = utcnow()
        self.moderated_by_id = None
        self.needs_review = True

    def publish_unreviewed(self) -> None:
        """Post-moderation: published at once, to be reviewed afterwards."""
        self.moderation_status = ModerationStatus.APPROVED
        self.needs_review = True


class Flag(db.Model):
    """A participant reporting approved content; one account flags an item once."""

    __tablename__ = "flags"
    __table_args__ = (
        UniqueConstraint("user_id", "comment_id"),
        UniqueConstraint("user_id", "proposal_id"),
        CheckConstraint("(comment_id IS NULL) <> (proposal_id IS NULL)", name="exactly_one_target"),
        Index("ix_flags_open", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[ReasonCode] = mapped_column(enum_column(ReasonCode))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when a moderator dealt with the item (kept it or hid it).
    resolved_at: Mapped[datetime | None]

    user = relationship("User", foreign_keys=[user_id])


class AuditEntry(db.Model):
    """One decision or staff action, with who did it. Written, never edited: the ORM refuses
    to update or delete a row (see the events below), and the application has no path that
    would try. `actor_id` is NULL for what the platform did by itself (an automatic hiding)."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int]
    reason: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)

    actor = relationship("User", foreign_keys=[actor_id])


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit row through the ORM."""


@event.listens_for(AuditEntry, "before_update")
def _refuse_audit_update(mapper, connection, target) -> None:  # noqa: ARG001
    raise AuditLogIsAppendOnly(f"audit entry {target.id} cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_audit_delete(mapper, connection, target) -> None:  # noqa: ARG001
    raise AuditLogIsAppendOnly(f"audit entry {target.id} cannot be deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_audit_changes(state) -> None:
    """`update(AuditEntry)` / `delete(AuditEntry)` statements bypass the mapper events."""
    if (state.is_update or state.is_delete) and state.bind_mapper is not None:
        if state.bind_mapper.class_ is AuditEntry:
            raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")


def object_type_of(obj) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(obj).__name__).lower()


def record(
    actor, action: str, obj, reason=None, note=None, *, object_type=None, object_id=None
) -> AuditEntry:
    """Add an audit row for `action` taken by `actor` on `obj` (flushed with the request).

    `actor` None: the platform acted by itself. Without an object (an export of the log),
    pass `obj=None` with `object_type` and `object_id`.
    """
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=object_type or object_type_of(obj),
        object_id=object_id if obj is None else obj.id,
        reason=getattr(reason, "value", reason),
        note=note or None,
    )
    db.session.add(entry)
    return entry


class Suspension(db.Model):
    """A moderator barred an account from posting, supporting and reporting until `ends_at`.

    Lifting it early keeps the row (with who lifted it and when): the history stays.
    """

    __tablename__ = "suspensions"
    __table_args__ = (Index("ix_suspensions_user_active", "user_id", "lifted_at", "ends_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(default=utcnow)
    ends_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    lifted_at: Mapped[datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user = relationship("User", foreign_keys=[user_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    lifted_by = relationship("User", foreign_keys=[lifted_by_id])

    @property
    def last_day(self) -> date:
        """The last calendar day (city time) of the suspension: it ends at the next midnight."""
        ends = self.ends_at.replace(tzinfo=UTC).astimezone(city_timezone())
        return (ends - timedelta(microseconds=1)).date()

    def is_active_at(self, when: datetime) -> bool:
        return self.lifted_at is None and self.starts_at <= when < self.ends_at

    @property
    def is_active(self) -> bool:
        return self.is_active_at(utcnow())

    def lift(self, moderator) -> None:
        if self.lifted_at is not None:
            raise ValueError("this suspension is already lifted")
        self.lifted_at = utcnow()
        self.lifted_by_id = moderator.id


class AppealOutcome(enum.Enum):
    UPHELD = "upheld"  # the decision stands
    REVERSED = "reversed"  # the content is published

    @property
    def label(self):
        return APPEAL_OUTCOME_LABELS[self]


APPEAL_OUTCOME_LABELS = {
    AppealOutcome.UPHELD: _l("Decision upheld"),
    AppealOutcome.REVERSED: _l("Decision reversed"),
}


class Appeal(db.Model):
    """An author asking, once per item, that a rejection or a hiding be looked at again.

    Another moderator than the one who decided must decide the appeal.
    """

    __tablename__ = "appeals"
    __table_args__ = (
        UniqueConstraint("comment_id"),
        UniqueConstraint("proposal_id"),
        CheckConstraint("(comment_id IS NULL) <> (proposal_id IS NULL)", name="exactly_one_target"),
        Index("ix_appeals_open", "decided_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # The decision appealed against, as it was when the appeal came in.
    original_status: Mapped[ModerationStatus] = mapped_column(enum_column(ModerationStatus))
    original_reason: Mapped[ReasonCode | None] = mapped_column(enum_column(ReasonCode))
    original_moderator_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    outcome: Mapped[AppealOutcome | None] = mapped_column(enum_column(AppealOutcome))
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision_note: Mapped[str | None] = mapped_column(Text)

    author = relationship("User", foreign_keys=[author_id])
    original_moderator = relationship("User", foreign_keys=[original_moderator_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    @property
    def is_open(self) -> bool:
        return self.outcome is None
