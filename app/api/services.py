"""What the API reads and how it writes it down: strict parameters, queries, serializers.

Only public data leaves here: consultations that are not drafts, approved comments on them,
staff responses once the report is published, approved proposals, published reports.
"""

import math
import re
from collections.abc import Iterator
from datetime import date

from flask import request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..auth.models import User
from ..consultations.models import (
    Comment,
    CommentResponse,
    Consultation,
    ConsultationKind,
    ConsultationState,
    Phase,
)
from ..consultations.services import approved_comment_counts
from ..core.timeutil import iso, local_today, utcnow
from ..evidence.compute import utc_bounds
from ..extensions import db
from ..moderation.models import ModerationStatus
from ..proposals.models import Proposal, Stage
from ..reports.services import (
    LEGAL_BASIS,
    participant_label,
    report_rows,
    report_totals,
    row_data,
    totals_data,
)
from ..staff.exports import csv_stream, safe_cell
from .spec import (
    ATTRIBUTION,
    DEFAULT_PER_PAGE,
    LICENCE_NAME,
    LICENCE_URL,
    MAX_ID,
    MAX_PAGE,
    MAX_PER_PAGE,
)

APPROVED = ModerationStatus.APPROVED
PUBLIC_PHASES = {p.value: p for p in Phase if p is not Phase.DRAFT}
# Dates outside these bounds are clamped before they become moments (no overflow).
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)
_DIGITS = re.compile(r"^[0-9]{1,10}$")


class BadParameter(ValueError):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


# -- parameters -------------------------------------------------------------------------------
def int_arg(name: str, default: int | None, minimum: int, maximum: int) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not _DIGITS.match(raw) or not minimum <= int(raw) <= maximum:
        raise BadParameter(f"{name} must be a whole number from {minimum} to {maximum}.")
    return int(raw)


def date_arg(name: str) -> date | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a date written YYYY-MM-DD.") from None


def choice_arg(name: str, allowed: dict):
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if raw not in allowed:
        raise BadParameter(f"{name} must be one of: {', '.join(allowed)}.")
    return allowed[raw]


def _clamp(day: date) -> date:
    return min(max(day, EARLIEST), LATEST)


def moment_filters(column, since: date | None, until: date | None) -> list:
    """Conditions on a stored moment for a range of city dates."""
    conditions = []
    if since is not None:
        low, _ = utc_bounds(_clamp(since), _clamp(since))
        conditions.append(column >= low)
    if until is not None:
        _, high = utc_bounds(_clamp(until), _clamp(until))
        conditions.append(column < high)
    return conditions


def date_filters(column, since: date | None, until: date | None) -> list:
    conditions = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column <= until)
    return conditions


# -- pages ------------------------------------------------------------------------------------
def meta(**extra) -> dict:
    return {
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "attribution": ATTRIBUTION,
        "generated_at": iso(utcnow()),
        **extra,
    }


def _page_url(page: int | None = None, after: int | None = None) -> str:
    args = request.args.to_dict()
    args.pop("page", None)
    args.pop("after", None)
    if after is not None:
        args["after"] = str(after)
    elif page is not None:
        args["page"] = str(page)
    return url_for(request.endpoint, **(request.view_args or {}), **args, _external=True)


def page(query, serialize, cursor=None, total: int | None = None) -> dict:
    """One page of `query` (a select of one entity) as {meta, links, data}.

    `cursor`, for lists ordered by their id alone, is (that id column, descending?): then
    `after=<id>` walks the list by keyset (no OFFSET, no COUNT: the 10,000th page costs what
    the first does), and every page links to the next one that way. `total`, when the caller
    knows it from kept counters, saves counting the list.
    """
    per_page = int_arg("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    after = int_arg("after", None, 0, MAX_ID) if cursor is not None else None
    if after is not None:
        return _keyset_page(query, serialize, cursor, after, per_page)
    number = int_arg("page", 1, 1, MAX_PAGE)
    if total is None:
        total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.limit(per_page).offset((number - 1) * per_page)).all()
    pages = max(1, math.ceil(total / per_page))
    links = {
        "self": _page_url(number),
        "first": _page_url(1),
        "last": _page_url(pages),
        "next": _page_url(number + 1) if number < pages else None,
        "prev": _page_url(min(number - 1, pages)) if number > 1 else None,
    }
    if cursor is not None:
        links["next_by_cursor"] = _page_url(after=items[-1].id) if number < pages else None
    return {
        "meta": meta(page=number, per_page=per_page, total=total, pages=pages),
        "links": links,
        "data": serialize(items),
    }


def cursor_order(cursor):
    column, descending = cursor
    return column.desc() if descending else column.asc()


def _keyset_page(query, serialize, cursor, after: int, per_page: int) -> dict:
    column, descending = cursor
    beyond = column < after if descending else column > after
    items = db.session.scalars(query.where(beyond).limit(per_page + 1)).unique().all()
    more = len(items) > per_page
    items = items[:per_page]
    return {
        "meta": meta(after=after, per_page=per_page),
        "links": {
            "self": _page_url(after=after),
            "first": _page_url(1),
            "next_by_cursor": _page_url(after=items[-1].id) if more else None,
        },
        "data": serialize(items),
    }


# -- values -----------------------------------------------------------------------------------
def both(obj, field: str) -> dict:
    return {"bg": getattr(obj, f"{field}_bg") or "", "en": getattr(obj, f"{field}_en") or ""}


def both_or_none(obj, field: str) -> dict:
    return {"bg": getattr(obj, f"{field}_bg") or None, "en": getattr(obj, f"{field}_en") or None}


# -- consultations ----------------------------------------------------------------------------
def consultations_query(phase: Phase | None, kind, since, until):
    query = select(Consultation).where(Consultation.public_clause())
    if phase is not None:
        query = query.where(Consultation.phase_clause(phase, local_today()))
    if kind is not None:
        query = query.where(Consultation.kind == kind)
    query = query.where(*date_filters(Consultation.opens_on, since, until))
    return query.order_by(Consultation.opens_on.desc(), Consultation.id.desc())


def consultation_data(c: Consultation, comments: int) -> dict:
    reported = c.state is ConsultationState.REPORT_PUBLISHED
    return {
        "id": c.id,
        "kind": c.kind.value,
        "phase": c.phase.value,
        "title": both(c, "title"),
        "summary": both(c, "summary"),
        "opens_on": iso(c.opens_on),
        "closes_on": iso(c.closes_on),
        "duration_days": c.duration_days,
        "exceptional_reason": both_or_none(c, "exceptional_reason"),
        "early_close_reason": c.early_close_reason or None,
        "published_at": iso(c.published_at),
        "closed_at": iso(c.closed_at),
        "report_published_at": iso(c.report_published_at),
        "approved_comments": comments,
        "url": url_for("consultations.detail", consultation_id=c.id, _external=True),
        "api_url": url_for("api.consultation", consultation_id=c.id, _external=True),
        "report_url": (
            url_for("api.report", consultation_id=c.id, _external=True) if reported else None
        ),
    }


def consultations_data(items) -> list[dict]:
    counts = approved_comment_counts(items)
    return [consultation_data(c, counts.get(c.id, 0)) for c in items]


def public_consultation(consultation_id: int) -> Consultation | None:
    consultation = db.session.get(
        Consultation,
        consultation_id,
        options=[selectinload(Consultation.sections), selectinload(Consultation.documents)],
    )
    if consultation is None or consultation.state is ConsultationState.DRAFT:
        return None
    return consultation


def consultation_detail(c: Consultation) -> dict:
    data = consultations_data([c])[0]
    data["body"] = both(c, "body")
    data["sections"] = [
        {
            "id": s.id,
            "position": s.position,
            "heading": both(s, "heading"),
            "body": both(s, "body"),
        }
        for s in c.sections
    ]
    data["documents"] = [
        {
            "id": d.id,
            "kind": d.kind.value,
            "title": d.title,
            "filename": d.original_name,
            "content_type": d.content_type,
            "size_bytes": d.size_bytes,
            "uploaded_at": iso(d.uploaded_at),
            "url": url_for(
                "consultations.document", consultation_id=c.id, document_id=d.id, _external=True
            ),
        }
        for d in c.documents
    ]
    return data


# -- comments ---------------------------------------------------------------------------------
# Oldest first; `after=<id>` continues the list (see `page`).
COMMENT_CURSOR = (Comment.id, False)


def comments_total(consultation_id: int | None, since, until) -> int | None:
    """The number of comments `comments_query` lists, from the consultations' counters when no
    date narrows it (None: count the list)."""
    if since is not None or until is not None:
        return None
    query = select(func.coalesce(func.sum(Consultation.comment_count), 0)).where(
        Consultation.public_clause()
    )
    if consultation_id is not None:
        query = query.where(Consultation.id == consultation_id)
    return db.session.scalar(query)


def comments_query(consultation_id: int | None, since, until):
    query = (
        select(Comment)
        .join(Consultation, Consultation.id == Comment.consultation_id)
        .where(Comment.moderation_status == APPROVED, Consultation.public_clause())
        .options(
            joinedload(Comment.author),
            # A separate IN query: joined into a LIMITed walk from a cursor, PostgreSQL would
            # merge-join the whole responses index to find a page's few responses.
            selectinload(Comment.response),
            joinedload(Comment.consultation),
        )
    )
    if consultation_id is not None:
        query = query.where(Comment.consultation_id == consultation_id)
    query = query.where(*moment_filters(Comment.created_at, since, until))
    return query.order_by(cursor_order(COMMENT_CURSOR))


def response_data(response: CommentResponse | None, public: bool) -> dict | None:
    """Staff responses are drafts until the report publishes them together."""
    if response is None or not public:
        return None
    return {
        "decision": response.decision.value,
        "reason": both(response, "reason"),
        "responded_at": iso(response.updated_at or response.created_at),
    }


def comment_data(comment: Comment) -> dict:
    author = comment.author
    return {
        "id": comment.id,
        "consultation_id": comment.consultation_id,
        "section_id": comment.section_id,
        "parent_id": comment.parent_id,
        "created_at": iso(comment.created_at),
        "participant": str(participant_label(comment, author)),
        "sector": author.sector.value if author is not None else None,
        "organisation": author.organisation if author is not None else None,
        "body": comment.body,
        "language": comment.language,
        "response": response_data(
            comment.response,
            comment.consultation.state is ConsultationState.REPORT_PUBLISHED,
        ),
    }


def comments_data(items) -> list[dict]:
    return [comment_data(c) for c in items]


# -- proposals --------------------------------------------------------------------------------
# Newest first; `after=<id>` continues the list (see `page`).
PROPOSAL_CURSOR = (Proposal.id, True)


def proposals_query(stage: Stage | None, category_id: int | None, since, until):
    query = (
        select(Proposal)
        .where(Proposal.moderation_status == APPROVED)
        .options(joinedload(Proposal.author), joinedload(Proposal.category))
    )
    if stage is not None:
        query = query.where(Proposal.stage == stage)
    if category_id is not None:
        query = query.where(Proposal.category_id == category_id)
    query = query.where(*moment_filters(Proposal.created_at, since, until))
    return query.order_by(cursor_order(PROPOSAL_CURSOR))


def author_name(author: User | None) -> str:
    """As the proposal page shows it."""
    return author.public_name if author is not None else _("Deleted participant")


def proposal_data(p: Proposal) -> dict:
    return {
        "id": p.id,
        "title": p.title,
        "body": p.body,
        "language": p.language,
        "stage": p.stage.value,
        "support_count": p.support_count,
        "threshold_reached_at": iso(p.threshold_reached_at),
        "category": (
            {"id": p.category.id, "name": both(p.category, "name")} if p.category else None
        ),
        "author": author_name(p.author),
        "created_at": iso(p.created_at),
        "answer": both_or_none(p, "answer"),
        "answered_at": iso(p.answered_at),
        "first_answered_at": iso(p.first_answered_at),
        "url": url_for("proposals.detail", proposal_id=p.id, _external=True),
        "api_url": url_for("api.proposal", proposal_id=p.id, _external=True),
    }


def proposals_data(items) -> list[dict]:
    return [proposal_data(p) for p in items]


def public_proposal(proposal_id: int) -> Proposal | None:
    proposal = db.session.get(
        Proposal, proposal_id, options=[joinedload(Proposal.author), joinedload(Proposal.category)]
    )
    if proposal is None or proposal.moderation_status is not APPROVED:
        return None
    return proposal


# -- reports ----------------------------------------------------------------------------------
def reports_query(since, until):
    query = select(Consultation).where(
        Consultation.state == ConsultationState.REPORT_PUBLISHED,
        *moment_filters(Consultation.report_published_at, since, until),
    )
    return query.order_by(Consultation.report_published_at.desc(), Consultation.id.desc())


def reports_data(items) -> list[dict]:
    return [
        {
            "consultation": data,
            "approved_comments": data["approved_comments"],
            "url": url_for(
                "reports.consultation_report", consultation_id=data["id"], _external=True
            ),
            "api_url": data["report_url"],
        }
        for data in consultations_data(items)
    ]


def report_data(consultation: Consultation) -> dict:
    """The report as the downloads give it (reports.services), rows keyed by `comment_id`."""
    return {
        "consultation": consultations_data([consultation])[0],
        "legal_basis": str(LEGAL_BASIS),
        "totals": totals_data(report_totals(consultation)),
        "rows": [row_data(row, id_key="comment_id") for row in report_rows(consultation)],
    }


# -- bulk CSV ---------------------------------------------------------------------------------
def _consultation_rows() -> Iterator[list]:
    counts = dict(
        db.session.execute(
            select(Comment.consultation_id, func.count())
            .where(Comment.moderation_status == APPROVED)
            .group_by(Comment.consultation_id)
        ).all()
    )
    result = db.session.scalars(
        select(Consultation)
        .where(Consultation.public_clause())
        .order_by(Consultation.id)
        .execution_options(yield_per=200)
    )
    for c in result:
        yield [
            c.id,
            c.kind.value,
            c.phase.value,
            safe_cell(c.title_bg),
            safe_cell(c.title_en),
            safe_cell(c.summary_bg),
            safe_cell(c.summary_en),
            iso(c.opens_on),
            iso(c.closes_on),
            c.duration_days,
            safe_cell(c.exceptional_reason_bg),
            safe_cell(c.exceptional_reason_en),
            iso(c.published_at),
            iso(c.closed_at),
            iso(c.report_published_at),
            counts.get(c.id, 0),
            url_for("consultations.detail", consultation_id=c.id, _external=True),
        ]


CONSULTATION_COLUMNS = [
    "id",
    "kind",
    "phase",
    "title_bg",
    "title_en",
    "summary_bg",
    "summary_en",
    "opens_on",
    "closes_on",
    "duration_days",
    "exceptional_reason_bg",
    "exceptional_reason_en",
    "published_at",
    "closed_at",
    "report_published_at",
    "approved_comments",
    "url",
]

COMMENT_COLUMNS = [
    "id",
    "consultation_id",
    "section_id",
    "parent_id",
    "created_at",
    "participant",
    "sector",
    "organisation",
    "language",
    "body",
    "decision",
    "reason_bg",
    "reason_en",
]


def _comment_rows() -> Iterator[list]:
    result = db.session.execute(
        select(Comment, User, CommentResponse, Consultation.state)
        .join(Consultation, Consultation.id == Comment.consultation_id)
        .outerjoin(User, User.id == Comment.author_id)
        .outerjoin(CommentResponse, CommentResponse.comment_id == Comment.id)
        .where(Comment.moderation_status == APPROVED, Consultation.public_clause())
        .order_by(Comment.id)
        .execution_options(yield_per=200)
    )
    for comment, author, response, state in result:
        public = response is not None and state is ConsultationState.REPORT_PUBLISHED
        yield [
            comment.id,
            comment.consultation_id,
            comment.section_id,
            comment.parent_id,
            iso(comment.created_at),
            safe_cell(participant_label(comment, author)),
            author.sector.value if author is not None else "",
            safe_cell(author.organisation if author is not None else ""),
            comment.language,
            safe_cell(comment.body),
            response.decision.value if public else "",
            safe_cell(response.reason_bg) if public else "",
            safe_cell(response.reason_en) if public else "",
        ]


PROPOSAL_COLUMNS = [
    "id",
    "created_at",
    "title",
    "language",
    "category_bg",
    "category_en",
    "stage",
    "support_count",
    "threshold_reached_at",
    "author",
    "answer_bg",
    "answer_en",
    "first_answered_at",
    "answered_at",
    "url",
    "body",
]


def _proposal_rows() -> Iterator[list]:
    result = db.session.scalars(
        select(Proposal)
        .where(Proposal.moderation_status == APPROVED)
        .options(joinedload(Proposal.author), joinedload(Proposal.category))
        .order_by(Proposal.id)
        .execution_options(yield_per=200)
    )
    for p in result:
        yield [
            p.id,
            iso(p.created_at),
            safe_cell(p.title),
            p.language,
            safe_cell(p.category.name_bg if p.category else ""),
            safe_cell(p.category.name_en if p.category else ""),
            p.stage.value,
            p.support_count,
            iso(p.threshold_reached_at),
            safe_cell(author_name(p.author)),
            safe_cell(p.answer_bg),
            safe_cell(p.answer_en),
            iso(p.first_answered_at),
            iso(p.answered_at),
            url_for("proposals.detail", proposal_id=p.id, _external=True),
            safe_cell(p.body),
        ]


BULK = {
    "consultations": (CONSULTATION_COLUMNS, _consultation_rows),
    "comments": (COMMENT_COLUMNS, _comment_rows),
    "proposals": (PROPOSAL_COLUMNS, _proposal_rows),
}


def bulk_csv(dataset: str) -> Iterator[str]:
    columns, rows = BULK[dataset]
    return csv_stream(columns, rows())


KINDS = {k.value: k for k in ConsultationKind}
STAGES = {s.value: s for s in Stage}
