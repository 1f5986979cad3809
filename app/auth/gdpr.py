"""A participant's rights over their data (GDPR art. 15, 17 and 20): a copy, and erasure.

Export: everything the platform holds about the person, as JSON. The known tables are written
out with care (what a participant wrote, the decisions on it); any other table that points at
the account (notifications, appeals, whatever a later feature adds) is found through the
metadata and written out as it is, unless that feature registered its own exporter with
`@exporter("name")`. Erasure works the same way, with `@eraser`.

Erasure anonymises: the account row stays, emptied of personal data, so that what the person
published keeps its place in the public consultation record (Law on Normative Acts, art. 26)
under "Deleted participant", and support counts of closed proposals stay true. In detail:

- published, rejected and hidden comments and proposals lose their author (author_id NULL);
  moderation decisions and the public report keep them, with no name attached;
- comments and proposals still awaiting moderation are deleted: nobody has seen them, no
  decision or report refers to them, and the person asked for their data to go;
- supports of proposals still collecting support are withdrawn (the counters move with them);
  supports of proposals already past that stage stay counted, tied to the anonymous account;
- reports (flags) the person made stay for the moderators, without their name;
- the e-mail becomes `deleted-<id>@invalid`, the name "Deleted participant", organisation and
  district are cleared, the password can never match again, every session ends.
"""

import enum
from collections.abc import Callable
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import joinedload

from ..core.timeutil import utcnow
from ..extensions import db
from .models import Role, User

EXPORT_FORMAT = "glas-personal-data/1"
DELETED_NAME = "Deleted participant"
UNUSABLE_PASSWORD = "!erased"  # noqa: S105 (not an Argon2 hash: never matches any password)

_exporters: dict[str, Callable[[User], object]] = {}
_erasers: list[Callable[[User], None]] = []
# Tables a registered exporter/eraser (or this module) already covers.
_covered_tables: set[str] = set()

# Tables written out or handled below, and the city's own content that merely records which
# staff member made it (for a staff account, the audit rows of their actions cover it).
_KNOWN_TABLES = {
    "users",
    "comments",
    "proposals",
    "supports",
    "flags",
    "audit_entries",
    "consultations",
    "documents",
    "comment_responses",
    "categories",
    "sections",
}
_SECRET_HINTS = ("password", "token", "secret", "hash")


def exporter(name: str, table: str | None = None):
    """Register `fn(user) -> JSON-able` as the export section `name` (covering `table`)."""

    def register(fn):
        _exporters[name] = fn
        if table:
            _covered_tables.add(table)
        return fn

    return register


def eraser(table: str | None = None):
    """Register `fn(user)` to run when an account is erased (covering `table`)."""

    def register(fn):
        _erasers.append(fn)
        if table:
            _covered_tables.add(table)
        return fn

    return register


# -- values as JSON -------------------------------------------------------------------------
def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + ("" if value.tzinfo else "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _row(obj, columns) -> dict:
    return {name: _plain(getattr(obj, name)) for name in columns}


def _user_references(table) -> list:
    """The columns of `table` that point at users.id."""
    return [
        column
        for column in table.columns
        for fk in column.foreign_keys
        if fk.column.table.name == "users" and fk.column.name == "id"
    ]


def _other_tables():
    for table in db.metadata.sorted_tables:
        if table.name in _KNOWN_TABLES or table.name in _covered_tables:
            continue
        columns = _user_references(table)
        if columns:
            yield table, columns


# -- export ---------------------------------------------------------------------------------
def _profile(user: User) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "email_verified_at": _plain(user.email_verified_at),
        "display_name": user.display_name,
        "role": user.role.value,
        "sector": user.sector.value,
        "organisation": user.organisation,
        "district": user.district,
        "preferred_language": user.locale,
        "created_at": _plain(user.created_at),
    }


def _moderation(item) -> dict:
    return {
        "status": item.moderation_status.value,
        "reason": _plain(item.moderation_reason),
        "note": item.moderation_note,
        "decided_at": _plain(item.moderated_at),
    }


def _comments(user: User) -> list:
    from ..consultations.models import Comment

    comments = db.session.scalars(
        select(Comment)
        .where(Comment.author_id == user.id)
        .options(joinedload(Comment.consultation), joinedload(Comment.response))
        .order_by(Comment.id)
    ).all()
    rows = []
    for c in comments:
        row = {
            "id": c.id,
            "consultation_id": c.consultation_id,
            "consultation_title": c.consultation.title_bg or c.consultation.title_en,
            "section_id": c.section_id,
            "reply_to": c.parent_id,
            "body": c.body,
            "language": c.language,
            "name_shown_in_report": c.show_name,
            "created_at": _plain(c.created_at),
            "moderation": _moderation(c),
            "city_response": None,
        }
        if c.response is not None and c.consultation.responses_public:
            row["city_response"] = {
                "decision": c.response.decision.value,
                "reason_bg": c.response.reason_bg,
                "reason_en": c.response.reason_en,
            }
        rows.append(row)
    return rows


def _proposals(user: User) -> list:
    from ..proposals.models import Proposal

    proposals = db.session.scalars(
        select(Proposal).where(Proposal.author_id == user.id).order_by(Proposal.id)
    ).all()
    return [
        {
            "id": p.id,
            "title": p.title,
            "body": p.body,
            "language": p.language,
            "category_id": p.category_id,
            "created_at": _plain(p.created_at),
            "moderation": _moderation(p),
            "stage": p.stage.value,
            "supports": p.support_count,
            "city_answer_bg": p.answer_bg,
            "city_answer_en": p.answer_en,
            "answered_at": _plain(p.answered_at),
        }
        for p in proposals
    ]


def _supports(user: User) -> list:
    from ..proposals.models import Proposal, Support

    rows = db.session.execute(
        select(Support.proposal_id, Proposal.title, Support.created_at)
        .join(Proposal, Proposal.id == Support.proposal_id)
        .where(Support.user_id == user.id)
        .order_by(Support.id)
    )
    return [
        {"proposal_id": pid, "proposal_title": title, "supported_at": _plain(at)}
        for pid, title, at in rows
    ]


def _flags(user: User) -> list:
    from ..moderation.models import Flag

    flags = db.session.scalars(select(Flag).where(Flag.user_id == user.id).order_by(Flag.id))
    return [
        {
            "comment_id": f.comment_id,
            "proposal_id": f.proposal_id,
            "reason": f.reason.value,
            "note": f.note,
            "created_at": _plain(f.created_at),
            "dealt_with_at": _plain(f.resolved_at),
        }
        for f in flags
    ]


def _decisions_about(user: User) -> list:
    """Audit rows about the person's comments and proposals (without the moderator's name)."""
    from ..consultations.models import Comment
    from ..moderation.models import AuditEntry
    from ..proposals.models import Proposal

    comment_ids = select(Comment.id).where(Comment.author_id == user.id)
    proposal_ids = select(Proposal.id).where(Proposal.author_id == user.id)
    entries = db.session.scalars(
        select(AuditEntry)
        .where(
            or_(
                (AuditEntry.object_type == "comment") & AuditEntry.object_id.in_(comment_ids),
                (AuditEntry.object_type == "proposal") & AuditEntry.object_id.in_(proposal_ids),
            )
        )
        .order_by(AuditEntry.id)
    )
    return [
        _row(e, ("created_at", "action", "object_type", "object_id", "reason", "note"))
        for e in entries
    ]


def _actions_taken(user: User) -> list:
    """For staff and moderators: the audit rows of what they did."""
    from ..moderation.models import AuditEntry

    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.actor_id == user.id).order_by(AuditEntry.id)
    )
    return [
        _row(e, ("created_at", "action", "object_type", "object_id", "reason", "note"))
        for e in entries
    ]


def _other_records(user: User) -> dict:
    found = {}
    for table, columns in _other_tables():
        condition = or_(*(column == user.id for column in columns))
        # Other accounts (the moderator who decided, say) are not the person's data; their
        # own id adds nothing; secrets (token hashes) are no use to anyone in a download.
        references = {column.name for column in columns}
        names = [
            c.name
            for c in table.columns
            if c.name not in references and not any(hint in c.name for hint in _SECRET_HINTS)
        ]
        rows = db.session.execute(select(*(table.c[n] for n in names)).where(condition))
        found[table.name] = [
            {name: _plain(value) for name, value in zip(names, row, strict=True)} for row in rows
        ]
    return found


def export(user: User) -> dict:
    """Everything about `user`, ready for json.dumps."""
    data = {
        "format": EXPORT_FORMAT,
        "generated_at": _plain(utcnow()),
        "about": _(
            "All the data Glas holds about your account: your profile, what you wrote and "
            "the moderation decisions on it, the proposals you support and the reports you made."
        ),
        "profile": _profile(user),
        "comments": _comments(user),
        "proposals": _proposals(user),
        "supports": _supports(user),
        "reports_you_made": _flags(user),
        "moderation_decisions_on_your_content": _decisions_about(user),
    }
    actions = _actions_taken(user)
    if actions:
        data["actions_you_took"] = actions
    for name, fn in _exporters.items():
        data[name] = fn(user)
    data.update({name: rows for name, rows in _other_records(user).items() if name not in data})
    return data


# -- erasure --------------------------------------------------------------------------------
def _withdraw_supports(user: User) -> None:
    from ..proposals import services as proposals
    from ..proposals.models import Proposal, ProposalError, Support

    supported = db.session.scalars(
        select(Proposal)
        .join(Support, Support.proposal_id == Proposal.id)
        .where(Support.user_id == user.id)
        .order_by(Proposal.id)
    ).all()
    for proposal in supported:
        if not proposal.accepts_support:
            continue  # past the support stages: the count is history and stays
        try:
            proposals.withdraw(proposal, user)
        except ProposalError:  # pragma: no cover (checked just above)
            continue


def _anonymise_content(user: User) -> None:
    from ..consultations.models import Comment
    from ..moderation.models import Flag, ModerationStatus
    from ..proposals.models import Proposal

    for model in (Comment, Proposal):
        pending = db.session.scalars(
            select(model).where(
                model.author_id == user.id, model.moderation_status == ModerationStatus.PENDING
            )
        ).all()
        for item in pending:
            db.session.delete(item)
        db.session.flush()
        db.session.execute(
            update(model)
            .where(model.author_id == user.id)
            .values(author_id=None)
            .execution_options(synchronize_session=False)
        )
    db.session.execute(
        update(Flag)
        .where(Flag.user_id == user.id)
        .values(user_id=None)
        .execution_options(synchronize_session=False)
    )


def _erase_other_records(user: User) -> None:
    """Other features' rows: what deleting the account row would do, per the schema."""
    for table, columns in _other_tables():
        for column in columns:
            (fk,) = column.foreign_keys
            if column.nullable:
                db.session.execute(
                    update(table).where(column == user.id).values({column.name: None})
                )
            elif (fk.ondelete or "").upper() == "CASCADE":
                db.session.execute(delete(table).where(column == user.id))


class ErasureRefused(Exception):
    """Staff accounts are closed by an administrator, so that the audit trail stays whole."""


def erase(user: User) -> None:
    """Anonymise `user` as described at the top of this module; the view commits."""
    from ..moderation.models import record

    if user.role is not Role.CITIZEN:
        raise ErasureRefused
    _withdraw_supports(user)
    _anonymise_content(user)
    for fn in _erasers:
        fn(user)
    _erase_other_records(user)
    user.email = f"deleted-{user.id}@invalid"
    user.display_name = DELETED_NAME
    user.organisation = None
    user.district = None
    user.password_hash = UNUSABLE_PASSWORD
    user.email_verified_at = None
    user.session_version = (user.session_version or 0) + 1
    user.deleted_at = utcnow()
    record(user, "user.delete", user)
    db.session.flush()
    db.session.expire_all()
