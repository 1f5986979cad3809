"""What staff do to consultations, without a request in sight.

Functions change the session and `flush()`; the view commits. Every action writes an audit
row with its actor. Refusals are `TransitionError`s carrying a translated message.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from ..auth.models import User
from ..consultations.models import (
    Comment,
    CommentResponse,
    Consultation,
    ConsultationState,
    Document,
    DocumentKind,
    Phase,
    ResponseDecision,
    Section,
    TransitionError,
)
from ..core.timeutil import local_today, utcnow
from ..extensions import db
from ..moderation.models import ModerationStatus, record
from . import documents

APPROVED = ModerationStatus.APPROVED
EDITABLE_PHASES = (Phase.DRAFT, Phase.SCHEDULED, Phase.OPEN)


# -- reading ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CommentCounts:
    approved: int = 0
    unanswered: int = 0
    pending: int = 0


def dashboard_query():
    """Every consultation, drafts included, newest first."""
    return select(Consultation).order_by(Consultation.created_at.desc(), Consultation.id.desc())


def _grouped_counts(query) -> dict[int, int]:
    return dict(db.session.execute(query.group_by(Comment.consultation_id)).tuples().all())


def comment_counts(consultations) -> dict[int, CommentCounts]:
    """Approved, approved-without-response and pending comments per consultation.

    Approved comments come from the kept counter; responses and pending comments are few and
    counted through indexes, so the cost does not grow with the comments a consultation got.
    """
    consultations = list(consultations)
    ids = [c.id for c in consultations]
    if not ids:
        return {}
    pending = _grouped_counts(
        select(Comment.consultation_id, func.count()).where(
            Comment.consultation_id.in_(ids), Comment.moderation_status == ModerationStatus.PENDING
        )
    )
    answered = _grouped_counts(
        select(Comment.consultation_id, func.count())
        .join(CommentResponse, CommentResponse.comment_id == Comment.id)
        .where(Comment.consultation_id.in_(ids), Comment.moderation_status == APPROVED)
    )
    return {
        c.id: CommentCounts(
            c.comment_count, c.comment_count - answered.get(c.id, 0), pending.get(c.id, 0)
        )
        for c in consultations
    }


def counts_for(consultation: Consultation) -> CommentCounts:
    return comment_counts([consultation])[consultation.id]


def unanswered_count(consultation: Consultation) -> int:
    """Approved comments (replies included) that have no staff response yet."""
    return counts_for(consultation).unanswered


# -- consultations --------------------------------------------------------------------------
def create_consultation(actor, values: dict) -> Consultation:
    """A new draft, created by `actor`."""
    consultation = Consultation(created_by_id=actor.id, **values)
    db.session.add(consultation)
    db.session.flush()
    record(actor, "consultation.create", consultation)
    return consultation


def ensure_editable(consultation: Consultation, today: date | None = None) -> None:
    if consultation.phase_on(today or local_today()) not in EDITABLE_PHASES:
        raise TransitionError(_l("A closed consultation can no longer be edited."))


def update_consultation(consultation: Consultation, actor, values: dict) -> None:
    """Apply the edit form; the form has already checked what the phase allows."""
    ensure_editable(consultation)
    for name, value in values.items():
        setattr(consultation, name, value)
    consultation.updated_at = utcnow()
    db.session.flush()
    record(actor, "consultation.update", consultation)


def publish(consultation: Consultation, actor) -> None:
    today = local_today()
    if consultation.state is ConsultationState.DRAFT and consultation.opens_on < today:
        # Publishing today a period that "began" earlier would announce days nobody had.
        raise TransitionError(
            _l("The first day for comments is already past; change the dates before publishing.")
        )
    consultation.publish(today)
    db.session.flush()
    record(actor, "consultation.publish", consultation)


def unpublish(consultation: Consultation, actor) -> None:
    consultation.unpublish()
    db.session.flush()
    record(actor, "consultation.unpublish", consultation)


def close(consultation: Consultation, actor, reason: str | None) -> None:
    consultation.close(reason=reason)
    db.session.flush()
    record(actor, "consultation.close", consultation, note=consultation.early_close_reason)


def publish_report(consultation: Consultation, actor) -> None:
    today = local_today()
    unanswered = unanswered_count(consultation)
    try:
        consultation.publish_report(unanswered=unanswered, today=today)
    except TransitionError as error:
        if unanswered and consultation.phase_on(today) is Phase.CLOSED:
            raise TransitionError(
                ngettext(
                    "The report cannot be published yet: %(num)d published comment still "
                    "has no response.",
                    "The report cannot be published yet: %(num)d published comments still "
                    "have no response.",
                    unanswered,
                )
            ) from error
        raise
    db.session.flush()
    record(actor, "consultation.publish_report", consultation)


# -- sections -----------------------------------------------------------------------------
def add_section(consultation: Consultation, actor, values: dict) -> Section:
    last = db.session.scalar(
        select(func.max(Section.position)).where(Section.consultation_id == consultation.id)
    )
    position = 0 if last is None else last + 1
    section = Section(consultation_id=consultation.id, position=position, **values)
    db.session.add(section)
    db.session.flush()
    record(actor, "section.create", section)
    return section


def update_section(section: Section, actor, values: dict) -> None:
    for name, value in values.items():
        setattr(section, name, value)
    db.session.flush()
    record(actor, "section.update", section)


def delete_section(section: Section, actor) -> None:
    """Remove a section nobody has commented on; comments are never orphaned silently."""
    has_comments = db.session.scalar(
        select(func.count()).select_from(Comment).where(Comment.section_id == section.id)
    )
    if has_comments:
        raise TransitionError(
            _l("This section has comments, so it cannot be deleted. Edit its text instead.")
        )
    record(actor, "section.delete", section, note=section.heading_bg or section.heading_en)
    db.session.delete(section)
    db.session.flush()


def move_section(section: Section, actor, direction: str) -> None:
    """Swap a section with its neighbour above ("up") or below ("down")."""
    siblings = list(
        db.session.scalars(
            select(Section)
            .where(Section.consultation_id == section.consultation_id)
            .order_by(Section.position, Section.id)
        )
    )
    index = siblings.index(section)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings):
        item.position = position
    db.session.flush()
    record(actor, "section.move", section, note=direction)


# -- documents ----------------------------------------------------------------------------
def add_document(
    consultation: Consultation,
    actor,
    kind: DocumentKind,
    title: str,
    upload,
    file_type: documents.FileType,
    size: int,
) -> Document:
    """Store a checked upload (see `documents.check_upload`) and describe it."""
    stored_name = documents.store(upload.stream, file_type)
    try:
        document = Document(
            consultation_id=consultation.id,
            kind=kind,
            title=title.strip(),
            original_name=(upload.filename or "")[-255:] or f"document.{file_type.extension}",
            stored_name=stored_name,
            content_type=file_type.content_type,
            size_bytes=size,
            uploaded_by_id=actor.id,
        )
        db.session.add(document)
        db.session.flush()
        record(actor, "document.upload", document, note=document.title)
    except Exception:
        documents.remove(stored_name)
        raise
    return document


def delete_document(document: Document, actor) -> str:
    """Forget a document; returns its stored name so the view removes the file after commit."""
    record(actor, "document.delete", document, note=document.title)
    stored_name = document.stored_name
    db.session.delete(document)
    db.session.flush()
    return stored_name


# -- responses ----------------------------------------------------------------------------
def responses_query(
    consultation: Consultation, section=None, status=None, decision=None, sector=None
):
    """Approved comments of a consultation with what is needed to answer them, in order."""
    query = (
        select(Comment)
        .outerjoin(CommentResponse, CommentResponse.comment_id == Comment.id)
        .where(Comment.consultation_id == consultation.id, Comment.moderation_status == APPROVED)
        .options(
            joinedload(Comment.author),
            joinedload(Comment.section),
            contains_eager(Comment.response).joinedload(CommentResponse.responded_by),
        )
        .order_by(func.coalesce(Comment.parent_id, Comment.id), Comment.id)
    )
    if section == "none":
        query = query.where(Comment.section_id.is_(None))
    elif section:
        query = query.where(Comment.section_id == int(section))
    if status == "unanswered":
        query = query.where(CommentResponse.id.is_(None))
    elif status == "answered":
        query = query.where(CommentResponse.id.is_not(None))
    if decision is not None:
        query = query.where(CommentResponse.decision == decision)
    if sector is not None:
        authors = select(User.id).where(User.sector == sector)
        query = query.where(Comment.author_id.in_(authors))
    return query


def ensure_responses_open(consultation: Consultation) -> None:
    if consultation.phase is Phase.REPORT_PUBLISHED:
        raise TransitionError(
            _l("The report is published: its responses can no longer be changed.")
        )


def save_response(
    comment: Comment, actor, decision: ResponseDecision, reason_bg: str, reason_en: str
) -> CommentResponse:
    """Create or change staff's response to an approved comment."""
    ensure_responses_open(comment.consultation)
    if comment.moderation_status is not APPROVED:
        raise TransitionError(_l("Only published comments receive a response."))
    response = comment.response
    if response is None:
        response = CommentResponse(comment=comment, decision=decision)
        db.session.add(response)
    response.decision = decision
    response.reason_bg = (reason_bg or "").strip()
    response.reason_en = (reason_en or "").strip()
    response.responded_by_id = actor.id
    response.updated_at = utcnow()
    db.session.flush()
    record(actor, "comment_response.save", response, reason=decision)
    return response
