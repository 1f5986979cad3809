"""Counts shown on lists, kept as columns instead of counted per request.

Two kinds of counter live in the schema:

- `proposals.support_count` moves by an SQL expression in the statement pair that inserts or
  deletes a support row (app/proposals/services.py);
- `consultations.comment_count` and `sections.comment_count` (published comments, replies
  included) move here, after every flush, by the comments whose publication changed in it.
  Doing it in a session hook rather than in each moderation path means that a new way of
  publishing or hiding a comment cannot forget the counter.

Both happen in the transaction that changes the counted rows, with `SET n = n + delta`, so
concurrent requests add up instead of overwriting each other. `reconcile_counters()` recounts
every counter from the rows; `flask reconcile-counters` runs it and fails when anything drifted.
"""

from collections import Counter as Tally
from dataclasses import dataclass

import click
from flask.cli import with_appcontext
from sqlalchemy import event, func, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from ..extensions import db


# -- keeping the comment counters ---------------------------------------------------------
def _was_published(comment) -> bool:
    """Whether the row, as the database holds it before this flush, was published."""
    from ..moderation.models import ModerationStatus

    history = inspect(comment).attrs.moderation_status.history
    before = history.deleted[0] if history.deleted else comment.moderation_status
    return before is ModerationStatus.APPROVED


def _comment_changes(session) -> list:
    """(comment, +1 or -1) for the comments whose publication this flush changes."""
    from ..consultations.models import Comment
    from ..moderation.models import ModerationStatus

    changes = []
    for comment in session.new:
        if isinstance(comment, Comment) and comment.moderation_status is ModerationStatus.APPROVED:
            changes.append((comment, +1))
    for comment in session.dirty:
        if not isinstance(comment, Comment):
            continue
        if not inspect(comment).attrs.moderation_status.history.has_changes():
            continue
        now = comment.moderation_status is ModerationStatus.APPROVED
        if now != _was_published(comment):
            changes.append((comment, +1 if now else -1))
    for comment in session.deleted:
        if isinstance(comment, Comment) and _was_published(comment):
            changes.append((comment, -1))
    return changes


def _collect(session, flush_context, instances):  # noqa: ARG001
    # Read before the flush, while the attribute history is there; the ids of new rows (and
    # of a new consultation or section) are known only after it.
    session.info["glas_comment_changes"] = _comment_changes(session)


def _apply(session, flush_context):  # noqa: ARG001
    from ..consultations.models import Consultation, Section

    changes = session.info.pop("glas_comment_changes", None)
    if not changes:
        return
    deltas: Tally = Tally()
    for comment, step in changes:
        deltas[(Consultation, comment.consultation_id)] += step
        if comment.section_id is not None:
            deltas[(Section, comment.section_id)] += step
    for (model, row_id), step in deltas.items():
        if step == 0:
            continue
        session.execute(
            update(model)
            .where(model.id == row_id)
            .values(comment_count=model.comment_count + step)
            .execution_options(synchronize_session=False)
        )
        loaded = session.identity_map.get(identity_key(model, ident=row_id))
        if loaded is not None:
            session.expire(loaded, ["comment_count"])


def _install() -> None:
    if event.contains(Session, "before_flush", _collect):
        return
    event.listen(Session, "before_flush", _collect)
    event.listen(Session, "after_flush_postexec", _apply)


_install()


# -- checking them -------------------------------------------------------------------------
@dataclass(frozen=True)
class Drift:
    counter: str  # "table.column"
    row_id: int
    stored: int
    actual: int


def _counters():
    """(name, model, counter column, select of (id, actual count) for rows with any)."""
    from ..consultations.models import Comment, Consultation, Section
    from ..moderation.models import ModerationStatus
    from ..proposals.models import Proposal, Support

    published = Comment.moderation_status == ModerationStatus.APPROVED
    return (
        (
            "proposals.support_count",
            Proposal,
            Proposal.support_count,
            select(Support.proposal_id, func.count()).group_by(Support.proposal_id),
        ),
        (
            "consultations.comment_count",
            Consultation,
            Consultation.comment_count,
            select(Comment.consultation_id, func.count())
            .where(published)
            .group_by(Comment.consultation_id),
        ),
        (
            "sections.comment_count",
            Section,
            Section.comment_count,
            select(Comment.section_id, func.count())
            .where(published, Comment.section_id.is_not(None))
            .group_by(Comment.section_id),
        ),
    )


def reconcile_counters(fix: bool = False) -> list[Drift]:
    """Every counter whose stored value differs from a recount of its rows.

    With `fix`, the stored values are set to the recount (the caller commits). One grouped
    query per counter: fine for millions of rows, and run by hand or after a bulk load.
    """
    drifts: list[Drift] = []
    for name, model, column, actual_query in _counters():
        actual_rows = actual_query.subquery()
        actual_id, actual_n = actual_rows.c
        actual = func.coalesce(actual_n, 0)
        rows = db.session.execute(
            select(model.id, column, actual)
            .outerjoin(actual_rows, actual_id == model.id)
            .where(column != actual)
            .order_by(model.id)
        )
        found = [Drift(name, row_id, stored, n) for row_id, stored, n in rows]
        drifts.extend(found)
        if fix:
            for drift in found:
                db.session.execute(
                    update(model)
                    .where(model.id == drift.row_id)
                    .values({column.key: drift.actual})
                    .execution_options(synchronize_session=False)
                )
    return drifts


@click.command("reconcile-counters")
@click.option("--fix", is_flag=True, help="Set drifted counters to the recount.")
@with_appcontext
def reconcile_counters_command(fix: bool) -> None:
    """Recount every list counter from its rows; exit 1 when any had drifted."""
    drifts = reconcile_counters(fix=fix)
    for drift in drifts[:50]:
        click.echo(f"{drift.counter} id={drift.row_id}: stored {drift.stored}, rows {drift.actual}")
    if len(drifts) > 50:
        click.echo(f"... and {len(drifts) - 50} more")
    if fix:
        db.session.commit()
    by_counter = Tally(d.counter for d in drifts)
    for name, _model, _column, _query in _counters():
        fixed = " (fixed)" if fix and by_counter.get(name) else ""
        click.echo(f"{name}: {by_counter.get(name, 0)} drifted{fixed}")
    if drifts and not fix:
        raise SystemExit(1)
