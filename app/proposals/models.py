"""Citizen proposals and the supports they collect."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.enums import enum_column
from ..core.search import fold
from ..core.timeutil import utcnow
from ..extensions import db
from ..moderation.models import ModeratedMixin, ModerationStatus


class Stage(enum.Enum):
    """Where an approved proposal stands."""

    COLLECTING = "collecting"
    THRESHOLD_REACHED = "threshold_reached"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    IMPLEMENTED = "implemented"

    @property
    def label(self):
        return {
            Stage.COLLECTING: _l("Collecting support"),
            Stage.THRESHOLD_REACHED: _l("Threshold reached"),
            Stage.UNDER_REVIEW: _l("Under review"),
            Stage.ACCEPTED: _lp("proposal stage", "Accepted"),
            Stage.REJECTED: _lp("proposal stage", "Not accepted"),
            Stage.IMPLEMENTED: _lp("proposal stage", "Implemented"),
        }[self]

    @property
    def open_for_support(self) -> bool:
        return self in (Stage.COLLECTING, Stage.THRESHOLD_REACHED)


# The answers staff can give, in the order they usually come.
ANSWER_STAGES = (Stage.UNDER_REVIEW, Stage.ACCEPTED, Stage.REJECTED, Stage.IMPLEMENTED)


class ProposalError(Exception):
    """A step on a proposal that its state forbids; `message` is shown to the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message  # a lazy string, translated when shown


class Category(db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_bg: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Proposal(ModeratedMixin, db.Model):
    __tablename__ = "proposals"
    __table_args__ = (
        Index("ix_proposals_listing_supports", "moderation_status", "support_count", "id"),
        Index("ix_proposals_listing_newest", "moderation_status", "id"),
        # The feed of answered proposals, newest answer first.
        Index("ix_proposals_answered", "answered_at", "id"),
        # The moderation queue's "to review" tabs: few rows have needs_review set.
        Index("ix_proposals_review", "needs_review", "moderation_status"),
        # The public list filtered by category, in either order.
        Index(
            "ix_proposals_category_supports",
            "category_id",
            "moderation_status",
            "support_count",
            "id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="bg")
    stage: Mapped[Stage] = mapped_column(enum_column(Stage), default=Stage.COLLECTING, index=True)
    # Kept equal to the number of Support rows by the same statement that adds or removes one.
    support_count: Mapped[int] = mapped_column(Integer, default=0)
    answer_bg: Mapped[str | None] = mapped_column(Text)
    answer_en: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    first_answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    threshold_reached_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")

    author = relationship("User", foreign_keys=[author_id])
    category: Mapped[Category | None] = relationship()
    answered_by = relationship("User", foreign_keys=[answered_by_id])

    def refresh_search_text(self) -> None:
        self.search_text = fold(f"{self.title} {self.body}")

    def visible_to(self, user) -> bool:
        """Published proposals are public; the rest only to their author, moderators and staff."""
        if self.moderation_status is ModerationStatus.APPROVED:
            return True
        return bool(
            user
            and user.is_authenticated
            and (user.id == self.author_id or user.can_moderate or user.is_staff)
        )

    @property
    def accepts_support(self) -> bool:
        return self.is_published and self.stage.open_for_support

    def answer(self, staff, stage: Stage, answer_bg: str | None, answer_en: str | None) -> None:
        """Staff's public, reasoned answer: under review, accepted, not accepted, implemented."""
        if not self.is_published:
            raise ProposalError(_l("Only a published proposal can be answered."))
        if stage not in ANSWER_STAGES:
            raise ProposalError(_l("This is not an answer a proposal can be given."))
        answer_bg = (answer_bg or "").strip() or None
        answer_en = (answer_en or "").strip() or None
        if not (answer_bg or answer_en):
            raise ProposalError(_l("Write the answer in Bulgarian, in English or in both."))
        if stage is Stage.IMPLEMENTED and self.stage not in (Stage.ACCEPTED, Stage.IMPLEMENTED):
            raise ProposalError(_l("Only an accepted proposal can be marked as implemented."))
        now = utcnow()
        self.stage = stage
        self.answer_bg = answer_bg
        self.answer_en = answer_en
        self.answered_at = now
        self.answered_by_id = staff.id
        if self.first_answered_at is None:
            self.first_answered_at = now


class Support(db.Model):
    __tablename__ = "supports"
    # One account, one support: the database guarantees it, not a check in Python.
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@db.event.listens_for(Proposal, "before_insert")
@db.event.listens_for(Proposal, "before_update")
def _proposal_search_text(mapper, connection, target) -> None:  # noqa: ARG001
    target.refresh_search_text()
