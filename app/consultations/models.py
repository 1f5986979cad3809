"""Consultations, their sections and documents, and the comments citizens leave on them."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    case,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.enums import enum_column
from ..core.search import fold
from ..core.timeutil import local_today, utcnow
from ..extensions import db
from ..moderation.models import ModeratedMixin, ModerationMode, ModerationStatus

# Law on Normative Acts, art. 26(4): at least 30 days; 14 only with a stated reason.
LEGAL_MINIMUM_DAYS = 30
EXCEPTIONAL_MINIMUM_DAYS = 14


class TransitionError(Exception):
    """A lifecycle step that the law or the consultation's state forbids."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message  # a lazy string, translated when shown


class ConsultationKind(enum.Enum):
    NORMATIVE_ACT = "normative_act"
    STRATEGY = "strategy"
    PLAN = "plan"
    OTHER = "other"

    @property
    def label(self):
        return {
            ConsultationKind.NORMATIVE_ACT: _l("Normative act"),
            ConsultationKind.STRATEGY: _l("Strategy"),
            ConsultationKind.PLAN: _l("Plan or programme"),
            ConsultationKind.OTHER: _lp("consultation kind", "Other"),
        }[self]


class ConsultationState(enum.Enum):
    """What staff decided. The public phase also depends on the calendar (see `phase`)."""

    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"
    REPORT_PUBLISHED = "report_published"


class Phase(enum.Enum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"
    REPORT_PUBLISHED = "report_published"

    @property
    def label(self):
        return {
            Phase.DRAFT: _l("Draft"),
            Phase.SCHEDULED: _l("Upcoming"),
            Phase.OPEN: _l("Open for comments"),
            Phase.CLOSED: _l("Closed"),
            Phase.REPORT_PUBLISHED: _l("Report published"),
        }[self]


class Consultation(db.Model):
    __tablename__ = "consultations"
    __table_args__ = (Index("ix_consultations_state_dates", "state", "opens_on", "closes_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ConsultationKind] = mapped_column(
        enum_column(ConsultationKind), default=ConsultationKind.OTHER
    )
    state: Mapped[ConsultationState] = mapped_column(
        enum_column(ConsultationState), default=ConsultationState.DRAFT
    )
    title_bg: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    summary_bg: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    body_bg: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    # First and last calendar day (city time) on which comments are accepted.
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    # Required, and shown publicly, when the period is shorter than the legal 30 days.
    exceptional_reason_bg: Mapped[str | None] = mapped_column(Text)
    exceptional_reason_en: Mapped[str | None] = mapped_column(Text)
    # Required, and shown publicly, when staff close before the announced last day.
    early_close_reason: Mapped[str | None] = mapped_column(Text)
    # Pre-moderation (the default) or post-moderation (published at once, reviewed after).
    moderation_mode: Mapped[ModerationMode] = mapped_column(
        enum_column(ModerationMode), default=ModerationMode.PRE, server_default="pre"
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    report_published_at: Mapped[datetime | None]
    # Case-folded text of both languages, so search folds Cyrillic on any database.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Published comments, replies included: kept by app/core/counters.py in the transaction
    # that publishes or unpublishes a comment, so lists never count rows per request.
    comment_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    sections: Mapped[list["Section"]] = relationship(
        back_populates="consultation", order_by="Section.position", cascade="all, delete-orphan"
    )
    documents: Mapped[list["Document"]] = relationship(
        back_populates="consultation", order_by="Document.id", cascade="all, delete-orphan"
    )
    created_by = relationship("User", foreign_keys=[created_by_id])

    def __repr__(self) -> str:
        return f"<Consultation {self.id} {self.state.value}>"

    # -- the calendar ---------------------------------------------------------------------
    @property
    def duration_days(self) -> int:
        return (self.closes_on - self.opens_on).days

    @property
    def is_exceptional(self) -> bool:
        return self.duration_days < LEGAL_MINIMUM_DAYS

    def phase_on(self, today: date) -> Phase:
        if self.state is ConsultationState.DRAFT:
            return Phase.DRAFT
        if self.state is ConsultationState.REPORT_PUBLISHED:
            return Phase.REPORT_PUBLISHED
        if self.state is ConsultationState.CLOSED or today > self.closes_on:
            return Phase.CLOSED
        if today < self.opens_on:
            return Phase.SCHEDULED
        return Phase.OPEN

    @property
    def phase(self) -> Phase:
        return self.phase_on(local_today())

    def days_left(self, today: date | None = None) -> int:
        """Calendar days on which comments are still accepted, today included."""
        today = today or local_today()
        return max((self.closes_on - today).days + 1, 0)

    @classmethod
    def phase_clause(cls, phase: Phase, today: date):
        """SQL condition matching consultations in `phase` on `today`."""
        published = cls.state == ConsultationState.PUBLISHED
        return {
            Phase.DRAFT: cls.state == ConsultationState.DRAFT,
            Phase.SCHEDULED: and_(published, cls.opens_on > today),
            Phase.OPEN: and_(published, cls.opens_on <= today, cls.closes_on >= today),
            Phase.CLOSED: or_(
                cls.state == ConsultationState.CLOSED, and_(published, cls.closes_on < today)
            ),
            Phase.REPORT_PUBLISHED: cls.state == ConsultationState.REPORT_PUBLISHED,
        }[phase]

    @classmethod
    def public_clause(cls):
        return cls.state != ConsultationState.DRAFT

    @classmethod
    def phase_order(cls, today: date):
        """Open first, then upcoming, then closed and reported: the order of the public list."""
        return case(
            (cls.phase_clause(Phase.OPEN, today), 0),
            (cls.phase_clause(Phase.SCHEDULED, today), 1),
            else_=2,
        )

    # -- lifecycle ------------------------------------------------------------------------
    @staticmethod
    def check_period(opens_on: date, closes_on: date, exceptional_reason: str | None) -> None:
        """Refuse a period the law does not allow (art. 26(4) Law on Normative Acts)."""
        days = (closes_on - opens_on).days
        if days < EXCEPTIONAL_MINIMUM_DAYS:
            raise TransitionError(
                _l("A consultation must last at least 14 days, even in exceptional cases.")
            )
        if days < LEGAL_MINIMUM_DAYS and not (exceptional_reason or "").strip():
            raise TransitionError(
                _l(
                    "A consultation shorter than 30 days needs a stated reason for the "
                    "exception; the reason is published."
                )
            )

    def publish(self, today: date | None = None) -> None:
        """draft → scheduled (or straight to open, when the first day has come)."""
        today = today or local_today()
        if self.state is not ConsultationState.DRAFT:
            raise TransitionError(_l("Only a draft can be published."))
        if not (self.title_bg or self.title_en):
            raise TransitionError(_l("A consultation needs a title before it is published."))
        if self.closes_on < today:
            raise TransitionError(_l("The last day for comments has already passed."))
        self.check_period(
            self.opens_on, self.closes_on, self.exceptional_reason_bg or self.exceptional_reason_en
        )
        self.state = ConsultationState.PUBLISHED
        self.published_at = utcnow()

    def unpublish(self, today: date | None = None) -> None:
        """scheduled → draft, allowed only before anyone could comment."""
        if self.phase_on(today or local_today()) is not Phase.SCHEDULED:
            raise TransitionError(
                _l("Only a consultation that has not opened yet can return to draft.")
            )
        self.state = ConsultationState.DRAFT
        self.published_at = None

    def close(self, today: date | None = None, reason: str | None = None) -> None:
        """open → closed. Closing before the announced last day needs a public reason."""
        today = today or local_today()
        phase = self.phase_on(today)
        if phase is Phase.OPEN:
            if not (reason or "").strip():
                raise TransitionError(
                    _l("Closing before the announced last day needs a reason; it is published.")
                )
            self.early_close_reason = reason.strip()
            self.closed_at = utcnow()
        elif phase is Phase.CLOSED and self.state is ConsultationState.PUBLISHED:
            self.closed_at = utcnow()
        else:
            raise TransitionError(_l("Only an open consultation can be closed."))
        self.state = ConsultationState.CLOSED

    def publish_report(self, unanswered: int, today: date | None = None) -> None:
        """closed → report published, once every approved comment has a response."""
        if self.phase_on(today or local_today()) is not Phase.CLOSED:
            raise TransitionError(_l("The report is published after the consultation closes."))
        if unanswered:
            raise TransitionError(
                _l("Every published comment needs a response before the report is published.")
            )
        if self.state is ConsultationState.PUBLISHED:
            self.closed_at = self.closed_at or utcnow()
        self.state = ConsultationState.REPORT_PUBLISHED
        self.report_published_at = utcnow()

    @property
    def responses_public(self) -> bool:
        """Staff responses are working drafts until the report publishes them together."""
        return self.state is ConsultationState.REPORT_PUBLISHED

    def accepts_comments(self, today: date | None = None) -> bool:
        return self.phase_on(today or local_today()) is Phase.OPEN

    def refresh_search_text(self) -> None:
        self.search_text = fold(
            " ".join(
                [
                    self.title_bg,
                    self.title_en,
                    self.summary_bg,
                    self.summary_en,
                    self.body_bg,
                    self.body_en,
                ]
            )
        )


class Section(db.Model):
    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    heading_bg: Mapped[str] = mapped_column(String(300), default="")
    heading_en: Mapped[str] = mapped_column(String(300), default="")
    body_bg: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    # Published comments on this section (see Consultation.comment_count).
    comment_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    consultation: Mapped[Consultation] = relationship(back_populates="sections")


class DocumentKind(enum.Enum):
    """The dossier art. 26(3) asks for, plus anything else staff attach."""

    DRAFT_ACT = "draft_act"
    MOTIVES = "motives"
    IMPACT_ASSESSMENT = "impact_assessment"
    OTHER = "other"

    @property
    def label(self):
        return {
            DocumentKind.DRAFT_ACT: _l("Draft act"),
            DocumentKind.MOTIVES: _l("Motives / report"),
            DocumentKind.IMPACT_ASSESSMENT: _l("Preliminary impact assessment"),
            DocumentKind.OTHER: _l("Other document"),
        }[self]


class Document(db.Model):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind))
    title: Mapped[str] = mapped_column(String(300))
    original_name: Mapped[str] = mapped_column(String(255))
    # A generated name under UPLOAD_FOLDER; never derived from what the uploader sent.
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(128))
    size_bytes: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    consultation: Mapped[Consultation] = relationship(back_populates="documents")


class Comment(ModeratedMixin, db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_consultation_status", "consultation_id", "moderation_status", "id"),
        # The threads of a page: top-level comments (parent_id NULL) of a consultation or of
        # one section, walked in id order from a keyset cursor.
        Index("ix_comments_thread", "consultation_id", "parent_id", "id"),
        Index("ix_comments_section_thread", "section_id", "parent_id", "id"),
        # The moderation queue's "to review" tabs: few rows have needs_review set.
        Index("ix_comments_review", "needs_review", "moderation_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("sections.id", ondelete="SET NULL"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    # NULL once the author has asked for their account to be erased.
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="bg")
    # Whether the author agreed to be named in the public consultation report.
    show_name: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    consultation: Mapped[Consultation] = relationship()
    section: Mapped[Section | None] = relationship()
    parent: Mapped["Comment | None"] = relationship(remote_side=[id], back_populates="replies")
    replies: Mapped[list["Comment"]] = relationship(back_populates="parent", order_by="Comment.id")
    author = relationship("User", foreign_keys=[author_id])
    moderated_by = relationship("User", foreign_keys="Comment.moderated_by_id")
    response: Mapped["CommentResponse | None"] = relationship(
        back_populates="comment", uselist=False, cascade="all, delete-orphan"
    )

    def visible_to(self, user) -> bool:
        if self.moderation_status is ModerationStatus.APPROVED:
            return True
        return bool(
            user
            and user.is_authenticated
            and (user.id == self.author_id or user.can_moderate or user.is_staff)
        )


class ResponseDecision(enum.Enum):
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    NOT_ACCEPTED = "not_accepted"
    NOTED = "noted"

    @property
    def label(self):
        return {
            ResponseDecision.ACCEPTED: _l("Accepted"),
            ResponseDecision.PARTLY_ACCEPTED: _l("Partly accepted"),
            ResponseDecision.NOT_ACCEPTED: _l("Not accepted"),
            ResponseDecision.NOTED: _l("Noted"),
        }[self]


class CommentResponse(db.Model):
    """Staff's reasoned answer to one comment; together they form the consultation report."""

    __tablename__ = "comment_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), unique=True
    )
    decision: Mapped[ResponseDecision] = mapped_column(enum_column(ResponseDecision))
    reason_bg: Mapped[str] = mapped_column(Text, default="")
    reason_en: Mapped[str] = mapped_column(Text, default="")
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="response")
    responded_by = relationship("User", foreign_keys=[responded_by_id])


@db.event.listens_for(Consultation, "before_insert")
@db.event.listens_for(Consultation, "before_update")
def _consultation_search_text(mapper, connection, target) -> None:  # noqa: ARG001
    target.refresh_search_text()
