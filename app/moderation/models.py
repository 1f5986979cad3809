"""What moderation decides and how it is recorded.

Moderation never deletes: content moves between states, and every decision leaves an
`AuditEntry` with its actor.
"""

import enum
import re
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ..core.enums import enum_column
from ..core.timeutil import utcnow
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
    """Columns shared by everything citizens write and moderators decide on."""

    moderation_status: Mapped[ModerationStatus] = mapped_column(
        enum_column(ModerationStatus), default=ModerationStatus.PENDING, index=True
    )
    moderation_reason: Mapped[ReasonCode | None] = mapped_column(enum_column(ReasonCode))
    moderation_note: Mapped[str | None] = mapped_column(Text)
    moderated_at: Mapped[datetime | None]

    @declared_attr
    def moderated_by_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def is_published(self) -> bool:
        return self.moderation_status is ModerationStatus.APPROVED

    def _decide(self, moderator, status, reason=None, note=None) -> None:
        if getattr(self, "author_id", None) == moderator.id:
            raise PermissionError("A moderator never decides on their own content.")
        self.moderation_status = status
        self.moderation_reason = reason
        self.moderation_note = note or None
        self.moderated_at = utcnow()
        self.moderated_by_id = moderator.id

    def approve(self, moderator, note=None) -> None:
        if self.moderation_status not in (ModerationStatus.PENDING, ModerationStatus.HIDDEN):
            raise ValueError(f"cannot approve {self.moderation_status.value} content")
        self._decide(moderator, ModerationStatus.APPROVED, None, note)

    def reject(self, moderator, reason: ReasonCode, note=None) -> None:
        if self.moderation_status is not ModerationStatus.PENDING:
            raise ValueError(f"cannot reject {self.moderation_status.value} content")
        self._decide(moderator, ModerationStatus.REJECTED, reason, note)

    def hide(self, moderator, reason: ReasonCode, note=None) -> None:
        if self.moderation_status is not ModerationStatus.APPROVED:
            raise ValueError(f"cannot hide {self.moderation_status.value} content")
        self._decide(moderator, ModerationStatus.HIDDEN, reason, note)


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
    """One decision or staff action, with who did it. Written, never edited."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int]
    reason: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)

    actor = relationship("User", foreign_keys=[actor_id])


def record(actor, action: str, obj, reason=None, note=None) -> AuditEntry:
    """Add an audit row for `action` taken by `actor` on `obj` (flushed with the request)."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=re.sub(r"(?<!^)(?=[A-Z])", "_", type(obj).__name__).lower(),
        object_id=obj.id,
        reason=getattr(reason, "value", reason),
        note=note or None,
    )
    db.session.add(entry)
    return entry
