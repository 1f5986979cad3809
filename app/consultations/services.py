"""Reading consultations and commenting on them, without a request in sight.

Functions here flush; the view commits (one transaction per request).
"""

from collections import defaultdict
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload

from ..core.timeutil import local_today
from ..extensions import db
from ..moderation.models import Flag, ModerationMode, ModerationStatus
from ..moderation.services import ensure_not_suspended
from .models import Comment, Consultation, Phase, Section

COMMENTS_PER_PAGE = 20
MIN_COMMENT_LENGTH = 3
MAX_COMMENT_LENGTH = 5000

# The tabs of the public list, in the order they are shown.
TABS = ("open", "upcoming", "closed")
DEFAULT_TAB = "open"


class CommentRefused(Exception):
    """A comment that cannot be accepted; `message` is shown to the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message  # a lazy string, translated when shown


class CommentingClosed(CommentRefused):
    """The consultation does not accept comments today (not yet open, or over)."""


class InvalidTarget(CommentRefused):
    """The section or the comment replied to is not one this consultation can take."""


# -- the public list ---------------------------------------------------------------------------
def _tab_clause(tab: str, today: date):
    if tab == "upcoming":
        return Consultation.phase_clause(Phase.SCHEDULED, today)
    if tab == "closed":
        return or_(
            Consultation.phase_clause(Phase.CLOSED, today),
            Consultation.phase_clause(Phase.REPORT_PUBLISHED, today),
        )
    return Consultation.phase_clause(Phase.OPEN, today)


def _tab_order(tab: str):
    # What matters next comes first: the nearest last day, the nearest opening, the latest close.
    if tab == "upcoming":
        return (Consultation.opens_on, Consultation.id)
    if tab == "closed":
        return (Consultation.closes_on.desc(), Consultation.id.desc())
    return (Consultation.closes_on, Consultation.id)


def consultations_in_tab(tab: str, today: date | None = None):
    """A select() of the public consultations in `tab`, in the tab's order (for `paginate`)."""
    today = today or local_today()
    return select(Consultation).where(_tab_clause(tab, today)).order_by(*_tab_order(tab))


def tab_counts(today: date | None = None) -> dict[str, int]:
    """How many consultations each tab holds, in one query."""
    today = today or local_today()
    row = db.session.execute(
        select(*(func.count(case((_tab_clause(tab, today), 1))) for tab in TABS)).where(
            Consultation.public_clause()
        )
    ).one()
    return dict(zip(TABS, row, strict=True))


def approved_comment_counts(consultations) -> dict[int, int]:
    """Published comments (replies included) per consultation, from the kept counters."""
    return {c.id: c.comment_count for c in consultations}


# -- one consultation --------------------------------------------------------------------------
def comments_per_page() -> int:
    return int(current_app.config.get("COMMENTS_PAGE_SIZE", COMMENTS_PER_PAGE))


def section_comment_counts(consultation: Consultation) -> dict[int | None, int]:
    """Published comments per section (None: on the consultation as a whole), from the kept
    counters: a comment whose section was deleted counts as one on the whole."""
    counts: dict[int | None, int] = {s.id: s.comment_count for s in consultation.sections}
    counts[None] = consultation.comment_count - sum(counts.values())
    return counts


def visible_clause(viewer):
    """What `viewer` may read: published comments; their own in any state; pending ones for
    moderators and staff."""
    clauses = [Comment.moderation_status == ModerationStatus.APPROVED]
    if viewer is not None and viewer.is_authenticated:
        clauses.append(Comment.author_id == viewer.id)
        if viewer.can_moderate or viewer.is_staff:
            clauses.append(Comment.moderation_status == ModerationStatus.PENDING)
    return or_(*clauses)


# Threads run oldest first; a page continues after the id of the last comment shown.
THREAD_KEYS = [(Comment.id, False)]


def top_level_comments(consultation: Consultation, viewer, section_filter=None):
    """A select() of the top-level comments `viewer` may read (for `keyset_paginate` with
    THREAD_KEYS: oldest first).

    `section_filter`: None for every comment, "general" for those on the consultation as a
    whole, or a Section.
    """
    query = (
        select(Comment)
        .where(
            Comment.consultation_id == consultation.id,
            Comment.parent_id.is_(None),
            visible_clause(viewer),
        )
        .options(joinedload(Comment.author), joinedload(Comment.response))
    )
    if section_filter == "general":
        query = query.where(Comment.section_id.is_(None))
    elif isinstance(section_filter, Section):
        query = query.where(Comment.section_id == section_filter.id)
    return query


def replies_to(comment_ids, viewer) -> dict[int, list[Comment]]:
    """The replies `viewer` may read to the given top-level comments, in one query."""
    ids = list(comment_ids)
    replies: dict[int, list[Comment]] = defaultdict(list)
    if not ids:
        return replies
    rows = db.session.scalars(
        select(Comment)
        .where(Comment.parent_id.in_(ids), visible_clause(viewer))
        .options(joinedload(Comment.author), joinedload(Comment.response))
        .order_by(Comment.id)
    )
    for reply in rows:
        replies[reply.parent_id].append(reply)
    return replies


def flagged_by(user, comment_ids) -> set[int]:
    """Which of these comments `user` has already reported."""
    ids = list(comment_ids)
    if not ids or user is None or not user.is_authenticated:
        return set()
    return set(
        db.session.scalars(
            select(Flag.comment_id).where(Flag.user_id == user.id, Flag.comment_id.in_(ids))
        )
    )


def cursor_ending_with(comment: Comment, viewer) -> str | None:
    """The `before` cursor of the thread page that ends with `comment`'s thread, so that
    whoever just wrote it sees it after the comments that came before; None when the thread
    is on the first page anyway. Reads at most one page of ids."""
    top_id = comment.parent_id or comment.id
    earlier = db.session.scalars(
        select(Comment.id)
        .where(
            Comment.consultation_id == comment.consultation_id,
            Comment.parent_id.is_(None),
            Comment.id < top_id,
            visible_clause(viewer),
        )
        .order_by(Comment.id)
        .limit(comments_per_page())
    ).all()
    if len(earlier) < comments_per_page():
        return None
    return str(top_id + 1)


# -- commenting --------------------------------------------------------------------------------
def ensure_accepting_comments(consultation: Consultation, today: date | None = None) -> None:
    """Raise CommentingClosed, with the reason in words, unless the consultation is open."""
    phase = consultation.phase_on(today or local_today())
    if phase is Phase.OPEN:
        return
    if phase is Phase.SCHEDULED:
        raise CommentingClosed(
            _l("This consultation has not opened yet. Comments are accepted from its first day.")
        )
    if phase is Phase.DRAFT:
        raise CommentingClosed(_l("This consultation is not published."))
    raise CommentingClosed(_l("This consultation is closed and no longer accepts comments."))


def find_section(consultation: Consultation, section_id) -> Section | None:
    """The section of this consultation with `section_id` (None for none); else InvalidTarget."""
    if section_id in (None, ""):
        return None
    try:
        wanted = int(section_id)
    except (TypeError, ValueError):
        wanted = None
    for section in consultation.sections:
        if section.id == wanted:
            return section
    raise InvalidTarget(_l("That section is not part of this consultation."))


def find_parent(consultation: Consultation, parent_id) -> Comment | None:
    """The published comment of this consultation being replied to; else InvalidTarget."""
    if parent_id in (None, ""):
        return None
    try:
        parent = db.session.get(Comment, int(parent_id))
    except (TypeError, ValueError):
        parent = None
    if (
        parent is None
        or parent.consultation_id != consultation.id
        or parent.moderation_status is not ModerationStatus.APPROVED
    ):
        raise InvalidTarget(_l("The comment you replied to is not available."))
    return parent


def post_comment(
    consultation: Consultation,
    author,
    body: str,
    language: str,
    section: Section | None = None,
    parent: Comment | None = None,
    show_name: bool = True,
    today: date | None = None,
) -> Comment:
    """A new comment, awaiting moderation (or, under post-moderation, published at once and
    waiting for review). A suspended author is refused, with the end of the suspension.

    A reply belongs to the thread of a top-level comment: a reply to a reply attaches to the
    comment that started the thread, and takes that comment's section.
    """
    ensure_accepting_comments(consultation, today)
    ensure_not_suspended(author, CommentRefused)
    if section is not None and section.consultation_id != consultation.id:
        raise InvalidTarget(_l("That section is not part of this consultation."))
    if parent is not None:
        if (
            parent.consultation_id != consultation.id
            or parent.moderation_status is not ModerationStatus.APPROVED
        ):
            raise InvalidTarget(_l("The comment you replied to is not available."))
        if parent.parent_id is not None:
            parent = db.session.get(Comment, parent.parent_id)
    section_id = section.id if section is not None else None
    if parent is not None:
        section_id = parent.section_id
    body = (body or "").strip()
    if not MIN_COMMENT_LENGTH <= len(body) <= MAX_COMMENT_LENGTH:
        raise CommentRefused(_l("A comment has 3 to 5000 characters."))
    languages = tuple(current_app.config["LANGUAGES"])
    comment = Comment(
        consultation_id=consultation.id,
        section_id=section_id,
        parent_id=parent.id if parent is not None else None,
        author_id=author.id,
        body=body,
        language=language if language in languages else languages[0],
        show_name=bool(show_name),
        moderation_status=ModerationStatus.PENDING,
    )
    if consultation.moderation_mode is ModerationMode.POST:
        comment.publish_unreviewed()
    db.session.add(comment)
    db.session.flush()
    return comment
