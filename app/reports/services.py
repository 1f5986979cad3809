"""The consultation report (the "справка" of art. 26 of the Law on Normative Acts) as data.

The public page and every export (DOCX, XLSX, CSV, JSON) read these functions, so they always
agree: `report_rows()` streams one row per approved comment (replies included) as plain
tuples, `report_totals()` counts them by decision, stakeholder sector and section, and every
comment by moderation status.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from ..auth.models import Sector, User
from ..consultations.models import (
    Comment,
    CommentResponse,
    Consultation,
    ResponseDecision,
    Section,
)
from ..core.i18n import Localized, current_language, localized
from ..core.pagination import CursorNav
from ..core.timeutil import iso
from ..extensions import db
from ..moderation.models import ModerationStatus

APPROVED = ModerationStatus.APPROVED
LEGAL_BASIS = _l(
    "Report under art. 26 of the Law on Normative Acts: the proposals received and the "
    "reasons for those not accepted."
)


def participant_label(comment: Comment, author: User | None):
    """How a comment's author appears in the report (a lazy string when it is a generic word).

    Named when they agreed; otherwise their organisation, if they speak for one; otherwise a
    neutral word. An erased account is "Deleted participant".
    """
    if author is None:
        return participant_word(comment.show_name, None, None, None)
    return participant_word(
        comment.show_name, author.public_name, author.organisation, author.sector
    )


PARTICIPANT_WORDS = {
    "deleted": _l("Deleted participant"),
    "citizen": _l("Citizen"),
    "unnamed": _l("Participant who asked not to be named"),
}


def participant_word(show_name: bool, public_name, organisation, sector, words=PARTICIPANT_WORDS):
    """`participant_label` from plain values (`public_name` None: the account was erased).

    `words` may hold the generic words already translated (see `report_rows`).
    """
    if public_name is None:
        return words["deleted"]
    if show_name:
        return public_name
    if organisation:
        return organisation
    if sector is Sector.CITIZEN:
        return words["citizen"]
    return words["unnamed"]


def public_name(display_name: str | None, organisation: str | None) -> str | None:
    """`User.public_name` from the two columns (None when there is no account)."""
    if display_name is None:
        return None
    return f"{display_name} ({organisation})" if organisation else display_name


@dataclass(frozen=True, slots=True)
class ReportRow:
    number: int
    comment_id: int
    parent_id: int | None
    parent_number: int | None  # the row of the comment replied to, when it is in the report
    created_at: datetime
    participant: str
    sector: Sector | None
    organisation: str | None
    district: str | None
    section_id: int | None
    section: Localized | None  # None: the comment is on the whole document
    section_bg: str
    section_en: str
    body: str
    language: str
    decision: ResponseDecision | None
    reason: Localized
    reason_bg: str
    reason_en: str
    responded_at: datetime | None


_NO_REASON = Localized("", "bg", False)

# One flat row per approved comment: plain tuples, so streaming never fills the session's
# identity map, however many comments a consultation has.
_ROW_COLUMNS = (
    Comment.id,
    Comment.parent_id,
    Comment.created_at,
    Comment.body,
    Comment.language,
    Comment.show_name,
    Comment.section_id,
    User.display_name,
    User.organisation,
    User.sector,
    User.district,
    CommentResponse.decision,
    CommentResponse.reason_bg,
    CommentResponse.reason_en,
    CommentResponse.created_at,
)


class _Headings:
    """Section headings of one consultation, loaded once (a handful of rows)."""

    def __init__(self, consultation_id: int, lang: str):
        rows = db.session.execute(
            select(Section.id, Section.heading_bg, Section.heading_en).where(
                Section.consultation_id == consultation_id
            )
        ).all()
        self.by_id = {
            row.id: (
                localized(row, "heading", lang),
                row.heading_bg or "",
                row.heading_en or "",
            )
            for row in rows
        }


def _thread_root():
    return func.coalesce(Comment.parent_id, Comment.id)


def _published_of(consultation: Consultation):
    return and_(Comment.consultation_id == consultation.id, Comment.moderation_status == APPROVED)


@dataclass(kw_only=True)
class ThreadPage(CursorNav):
    """Some threads of the report: rows whose thread starts at a comment id in
    [first_root, last_root]; numbered on from `first_number`."""

    first_root: int | None
    last_root: int | None
    first_number: int


def thread_page(consultation: Consultation, after: int | None, before: int | None, threads: int):
    """Which threads (by the id of the comment that starts them) a page of the public report
    shows, `threads` at a time, after or before a root id; whole threads only, so a reply and
    the comment it answers share a page. Rows keep their № from the whole report."""
    root = _thread_root()
    roots_query = select(root).where(_published_of(consultation)).distinct()
    if before is not None:
        roots = db.session.scalars(
            roots_query.where(root < before).order_by(root.desc()).limit(threads + 1)
        ).all()
        more_before = len(roots) > threads
        roots = sorted(roots[:threads])
        more_after = True
    else:
        if after is not None:
            roots_query = roots_query.where(root > after)
        roots = db.session.scalars(roots_query.order_by(root).limit(threads + 1)).all()
        more_after = len(roots) > threads
        roots = roots[:threads]
        more_before = after is not None
    first_number = 1
    if roots:
        first_number += db.session.scalar(
            select(func.count()).where(_published_of(consultation), root < roots[0])
        )
    return ThreadPage(
        first_root=roots[0] if roots else None,
        last_root=roots[-1] if roots else None,
        first_number=first_number,
        next_cursor=str(roots[-1]) if roots and more_after else None,
        prev_cursor=str(roots[0]) if roots and more_before else None,
        is_first=after is None and before is None,
    )


def report_rows(
    consultation: Consultation,
    lang: str | None = None,
    batch: int = 1000,
    page: ThreadPage | None = None,
) -> Iterator[ReportRow]:
    """Every approved comment with its response, replies right after their parent (or only
    the threads of `page`).

    Rows are streamed from the database in batches of `batch` as plain tuples (no ORM
    objects, so memory stays flat); staff content (section headings, reasons) is given in
    `lang` (the page language by default) with fallback to the other language.
    """
    lang = lang or current_language()
    root = _thread_root()
    bounds = []
    if page is not None:
        if page.first_root is None:
            return
        bounds = [root >= page.first_root, root <= page.last_root]
    headings = _Headings(consultation.id, lang).by_id
    # Translated once, not once per row: gettext costs more than everything else in a row.
    words = {key: str(word) for key, word in PARTICIPANT_WORDS.items()}
    result = db.session.execute(
        select(*_ROW_COLUMNS)
        .select_from(Comment)
        .outerjoin(User, User.id == Comment.author_id)
        .outerjoin(CommentResponse, CommentResponse.comment_id == Comment.id)
        .where(_published_of(consultation), *bounds)
        .order_by(root, Comment.id)
        .execution_options(yield_per=batch)
    )
    numbers: dict[int, int] = {}
    for number, row in enumerate(result, start=page.first_number if page else 1):
        (
            comment_id,
            parent_id,
            created_at,
            body,
            language,
            show_name,
            section_id,
            display_name,
            organisation,
            sector,
            district,
            decision,
            reason_bg,
            reason_en,
            responded_at,
        ) = row
        if parent_id is None:
            numbers.clear()  # replies follow their parent, so one thread is enough to remember
        numbers[comment_id] = number
        heading = headings.get(section_id) if section_id is not None else None
        answered = decision is not None
        yield ReportRow(
            number=number,
            comment_id=comment_id,
            parent_id=parent_id,
            parent_number=numbers.get(parent_id) if parent_id else None,
            created_at=created_at,
            participant=participant_word(
                show_name, public_name(display_name, organisation), organisation, sector, words
            ),
            sector=sector,
            organisation=organisation,
            district=district,
            section_id=section_id if heading is not None else None,
            section=heading[0] if heading is not None else None,
            section_bg=heading[1] if heading is not None else "",
            section_en=heading[2] if heading is not None else "",
            body=body,
            language=language,
            decision=decision,
            reason=_reason(reason_bg, reason_en, lang) if answered else _NO_REASON,
            reason_bg=(reason_bg or "") if answered else "",
            reason_en=(reason_en or "") if answered else "",
            responded_at=responded_at,
        )


class _Reason(NamedTuple):
    reason_bg: str | None
    reason_en: str | None


def _reason(reason_bg: str | None, reason_en: str | None, lang: str) -> Localized:
    return localized(_Reason(reason_bg, reason_en), "reason", lang)


@dataclass
class ReportTotals:
    approved: int = 0
    # Keys in enum order; None counts approved comments without a response / erased authors.
    by_decision: dict = field(default_factory=dict)
    by_sector: dict = field(default_factory=dict)
    # (section or None for the whole document, count), in the consultation's order.
    by_section: list = field(default_factory=list)
    # Every comment, whatever moderation decided.
    by_status: dict = field(default_factory=dict)

    @property
    def unanswered(self) -> int:
        return self.by_decision.get(None, 0)


def report_totals(consultation: Consultation) -> ReportTotals:
    """Counts for the report header and the exports: four small grouped queries."""
    approved_here = (Comment.consultation_id == consultation.id) & (
        Comment.moderation_status == APPROVED
    )
    decisions = dict(
        db.session.execute(
            select(CommentResponse.decision, func.count(Comment.id))
            .select_from(Comment)
            .outerjoin(CommentResponse, CommentResponse.comment_id == Comment.id)
            .where(approved_here)
            .group_by(CommentResponse.decision)
        ).all()
    )
    sectors = dict(
        db.session.execute(
            select(User.sector, func.count(Comment.id))
            .select_from(Comment)
            .outerjoin(User, User.id == Comment.author_id)
            .where(approved_here)
            .group_by(User.sector)
        ).all()
    )
    per_section = dict(
        db.session.execute(
            select(Comment.section_id, func.count(Comment.id))
            .where(approved_here)
            .group_by(Comment.section_id)
        ).all()
    )
    statuses = dict(
        db.session.execute(
            select(Comment.moderation_status, func.count(Comment.id))
            .where(Comment.consultation_id == consultation.id)
            .group_by(Comment.moderation_status)
        ).all()
    )
    sections = db.session.scalars(
        select(Section)
        .where(Section.consultation_id == consultation.id)
        .order_by(Section.position, Section.id)
    ).all()

    by_decision = {d: decisions.get(d, 0) for d in ResponseDecision}
    if decisions.get(None):
        by_decision[None] = decisions[None]
    by_sector = {s: sectors.get(s, 0) for s in Sector}
    if sectors.get(None):
        by_sector[None] = sectors[None]
    by_section = [(None, per_section.get(None, 0))] + [
        (s, per_section.get(s.id, 0)) for s in sections
    ]
    return ReportTotals(
        approved=sum(decisions.values()),
        by_decision=by_decision,
        by_sector=by_sector,
        by_section=by_section,
        by_status={s: statuses.get(s, 0) for s in ModerationStatus},
    )


# -- plain data for the JSON export ---------------------------------------------------------
def consultation_data(consultation: Consultation) -> dict:
    """Both languages, the dates and the phase of a consultation."""
    return {
        "id": consultation.id,
        "kind": consultation.kind.value,
        "phase": consultation.phase.value,
        "title": {"bg": consultation.title_bg, "en": consultation.title_en},
        "summary": {"bg": consultation.summary_bg, "en": consultation.summary_en},
        "opens_on": iso(consultation.opens_on),
        "closes_on": iso(consultation.closes_on),
        "duration_days": consultation.duration_days,
        "exceptional_reason": {
            "bg": consultation.exceptional_reason_bg,
            "en": consultation.exceptional_reason_en,
        },
        "early_close_reason": consultation.early_close_reason,
        "published_at": iso(consultation.published_at),
        "closed_at": iso(consultation.closed_at),
        "report_published_at": iso(consultation.report_published_at),
    }


def totals_data(totals: ReportTotals) -> dict:
    def key(member, empty):
        return member.value if member is not None else empty

    return {
        "approved_comments": totals.approved,
        "by_decision": {key(d, "none"): n for d, n in totals.by_decision.items()},
        "by_sector": {key(s, "unknown"): n for s, n in totals.by_sector.items()},
        "by_section": [
            {
                "section_id": s.id if s is not None else None,
                "heading": {"bg": s.heading_bg, "en": s.heading_en} if s is not None else None,
                "comments": n,
            }
            for s, n in totals.by_section
        ],
        "by_status": {s.value: n for s, n in totals.by_status.items()},
    }


def row_data(row: ReportRow, id_key: str = "id") -> dict:
    return {
        "number": row.number,
        id_key: row.comment_id,
        "parent_id": row.parent_id,
        "created_at": iso(row.created_at),
        "participant": str(row.participant),
        "sector": row.sector.value if row.sector is not None else None,
        "organisation": row.organisation,
        "section": (
            {"id": row.section_id, "heading": {"bg": row.section_bg, "en": row.section_en}}
            if row.section_id is not None
            else None
        ),
        "body": row.body,
        "language": row.language,
        "decision": row.decision.value if row.decision is not None else None,
        "reason": {"bg": row.reason_bg, "en": row.reason_en},
    }
