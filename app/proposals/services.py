"""Proposals, their supports and categories, without a request in sight.

Functions flush; the view commits. Supports are counted by the database: a support row is
inserted with ON CONFLICT DO NOTHING, and the counter moves in the same transaction by an SQL
expression, only when a row was really added or removed. Two requests racing for the same
account therefore count once, and the counter always equals the number of support rows.
"""

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload

from ..core.timeutil import utcnow
from ..extensions import db
from ..moderation.models import ModerationStatus, record
from ..moderation.services import ensure_not_suspended
from ..notifications.services import notify_author
from .models import Category, Proposal, ProposalError, Stage, Support

SORT_SUPPORTED = "supported"
SORT_NEWEST = "newest"

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


# -- reading ------------------------------------------------------------------------------
def _listing_filter(query, category_id: int | None, stage: Stage | None):
    query = query.where(Proposal.moderation_status == ModerationStatus.APPROVED)
    if category_id is not None:
        query = query.where(Proposal.category_id == category_id)
    if stage is not None:
        query = query.where(Proposal.stage == stage)
    return query


def listing(category_id: int | None = None, stage: Stage | None = None):
    """The select() behind the public list, without order: published proposals only, their
    category loaded. Page it with `listing_keys` (keyset pagination)."""
    return _listing_filter(
        select(Proposal).options(joinedload(Proposal.category)), category_id, stage
    )


def listing_keys(sort: str = SORT_SUPPORTED):
    """The list's order as keyset keys: each has an index (see Proposal.__table_args__)."""
    if sort == SORT_NEWEST:
        return [(Proposal.id, True)]
    return [(Proposal.support_count, True), (Proposal.id, True)]


def listing_total(category_id: int | None = None, stage: Stage | None = None) -> int:
    """How many proposals the list holds with these filters (an index-only count)."""
    return db.session.scalar(
        _listing_filter(select(func.count()).select_from(Proposal), category_id, stage)
    )


def categories() -> list[Category]:
    return db.session.scalars(select(Category).order_by(Category.position, Category.id)).all()


def category_usage() -> dict[int, int]:
    """How many proposals (in any state) each category holds."""
    rows = db.session.execute(
        select(Proposal.category_id, func.count())
        .where(Proposal.category_id.is_not(None))
        .group_by(Proposal.category_id)
    )
    return dict(rows.all())


def has_supported(proposal: Proposal, user) -> bool:
    if not (user and user.is_authenticated):
        return False
    query = select(Support.id).where(Support.proposal_id == proposal.id, Support.user_id == user.id)
    return db.session.scalar(query) is not None


def threshold() -> int:
    return int(current_app.config["SUPPORT_THRESHOLD"])


# -- writing ------------------------------------------------------------------------------
def create_proposal(author, title: str, body: str, language: str, category_id=None) -> Proposal:
    """A new proposal, pending until a moderator approves it."""
    ensure_not_suspended(author)
    proposal = Proposal(
        author_id=author.id,
        title=title.strip(),
        body=body.strip(),
        language=language,
        category_id=category_id or None,
        moderation_status=ModerationStatus.PENDING,
        stage=Stage.COLLECTING,
        support_count=0,
    )
    db.session.add(proposal)
    db.session.flush()
    return proposal


def _insert(table):
    dialect = db.session.get_bind().dialect.name
    try:
        return _INSERTS[dialect](table)
    except KeyError:  # pragma: no cover (only SQLite and PostgreSQL are supported)
        raise RuntimeError(f"supports need ON CONFLICT, which {dialect} lacks here") from None


def _move_counter(proposal: Proposal, step: int) -> None:
    db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id)
        .values(support_count=Proposal.support_count + step)
        .execution_options(synchronize_session=False)
    )


def _refresh_counter(proposal: Proposal) -> None:
    # The statements above bypass the identity map: read the columns again when next used.
    db.session.expire(proposal, ["support_count", "stage", "threshold_reached_at"])


def _check_open(proposal: Proposal, refusal) -> None:
    if not proposal.is_published:
        raise ProposalError(_l("Only a published proposal can be supported."))
    if not proposal.stage.open_for_support:
        raise ProposalError(refusal)


def support(proposal: Proposal, user) -> bool:
    """Count `user`'s support once; False when they already supported it.

    Raises ProposalError when the proposal does not take supports (not published, or past
    the support stages).
    """
    _check_open(proposal, _l("This proposal no longer collects supports."))
    ensure_not_suspended(user, ProposalError)
    table = Support.__table__
    # SQLAlchemy keeps an INSERT's rowcount only when asked (else -1 on PostgreSQL):
    # 1 when the row went in, 0 when the account had already supported the proposal.
    inserted = db.session.execute(
        _insert(table)
        .values(proposal_id=proposal.id, user_id=user.id, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=[table.c.proposal_id, table.c.user_id])
        .execution_options(preserve_rowcount=True)
    )
    if inserted.rowcount != 1:
        return False
    _move_counter(proposal, +1)
    db.session.execute(
        update(Proposal)
        .where(
            Proposal.id == proposal.id,
            Proposal.stage == Stage.COLLECTING,
            Proposal.support_count >= threshold(),
        )
        .values(stage=Stage.THRESHOLD_REACHED, threshold_reached_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    _refresh_counter(proposal)
    return True


def withdraw(proposal: Proposal, user) -> bool:
    """Take `user`'s support back; False when they had not supported it.

    Allowed only while the proposal collects supports. Reaching the threshold is a fact with
    a date: a later withdrawal lowers the count but does not undo the stage.
    """
    _check_open(
        proposal, _l("Supports can no longer be withdrawn: the proposal is being answered.")
    )
    deleted = db.session.execute(
        delete(Support)
        .where(Support.proposal_id == proposal.id, Support.user_id == user.id)
        .execution_options(synchronize_session=False)
    )
    if deleted.rowcount != 1:
        return False
    _move_counter(proposal, -1)
    _refresh_counter(proposal)
    return True


def answer(proposal: Proposal, staff, stage: Stage, answer_bg=None, answer_en=None) -> None:
    proposal.answer(staff, stage, answer_bg, answer_en)
    record(staff, "proposal.answer", proposal, reason=stage.value)
    notify_author(proposal, "proposal.answer", reason=stage.value)
    db.session.flush()


def _next_position() -> int:
    return (db.session.scalar(select(func.max(Category.position))) or 0) + 1


def add_category(staff, name_bg: str, name_en: str) -> Category:
    category = Category(name_bg=name_bg.strip(), name_en=name_en.strip(), position=_next_position())
    db.session.add(category)
    db.session.flush()
    record(staff, "category.create", category)
    return category


def update_category(staff, category: Category, name_bg: str, name_en: str, position: int) -> None:
    category.name_bg = name_bg.strip()
    category.name_en = name_en.strip()
    category.position = position
    record(staff, "category.update", category)
    db.session.flush()


def delete_category(staff, category: Category) -> None:
    """Remove a category; its proposals stay, without a category (the key is SET NULL)."""
    record(staff, "category.delete", category, note=f"{category.name_bg} / {category.name_en}")
    db.session.delete(category)
    db.session.flush()
