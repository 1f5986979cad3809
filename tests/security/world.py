"""A small world of real objects, and URLs for every rule of the app built from it.

`build_world(make, people)` creates one object of each kind a URL can name, owned by "other"
(a participant who is none of the roles the tests log in as), and `url_for_rule(rule, world)`
fills a rule's arguments from it. A rule with an argument this module does not know fails the
tests that use it, with the name of the argument to add here.
"""

import secrets
from datetime import timedelta
from pathlib import Path

from flask import current_app

from app.consultations.models import Document, DocumentKind
from app.core.timeutil import utcnow
from app.extensions import db
from app.moderation.models import ModerationStatus


def _optional_models():
    """Models that other features add; the world makes one of each that exists."""
    found = {}
    try:
        from app.moderation.models import Appeal, Suspension

        found.update(Appeal=Appeal, Suspension=Suspension)
    except ImportError:  # pragma: no cover (the feature is not there)
        pass
    try:
        from app.notifications.models import Notification

        found["Notification"] = Notification
    except ImportError:  # pragma: no cover
        pass
    return found


def _document(consultation, uploader) -> Document:
    stored = secrets.token_hex(16)
    Path(current_app.config["UPLOAD_FOLDER"], stored).write_bytes(b"%PDF-1.4\n% test\n%%EOF\n")
    doc = Document(
        consultation_id=consultation.id,
        kind=DocumentKind.DRAFT_ACT,
        title="Draft act",
        original_name="draft.pdf",
        stored_name=stored,
        content_type="application/pdf",
        size_bytes=24,
        uploaded_by_id=uploader.id,
    )
    db.session.add(doc)
    db.session.commit()
    return doc


def build_world(make, people) -> dict:
    other, staff, moderator = people["other"], people["staff"], people["moderator"]
    consultation = make.consultation("open")
    world = {
        "people": people,
        "consultation": consultation,
        "draft": make.consultation("draft"),
        "closed": make.consultation("closed"),
        "published_report": make.consultation("report_published"),
        "document": _document(consultation, staff),
        "comment": make.comment(consultation, other, body="Other's published comment."),
        "pending_comment": make.comment(
            consultation, other, status=ModerationStatus.PENDING, body="Other's pending comment."
        ),
        "rejected_comment": make.comment(
            consultation, other, status=ModerationStatus.REJECTED, body="Other's rejected one."
        ),
        "proposal": make.proposal(other, title="Other's published proposal"),
        "pending_proposal": make.proposal(
            other, status=ModerationStatus.PENDING, title="Other's pending proposal"
        ),
        "category": make.category(),
    }
    world["report_comment"] = make.comment(world["published_report"], other, body="On the report.")
    make.response(world["report_comment"], staff)
    models = _optional_models()
    if "Appeal" in models:
        appeal = models["Appeal"](
            comment_id=world["rejected_comment"].id,
            author_id=other.id,
            body="Please look again.",
            original_status=ModerationStatus.REJECTED,
            original_moderator_id=moderator.id,
        )
        db.session.add(appeal)
        world["appeal"] = appeal
    if "Suspension" in models:
        suspension = models["Suspension"](
            user_id=other.id,
            reason="Repeated insults.",
            ends_at=utcnow() + timedelta(days=3),
            created_by_id=moderator.id,
        )
        db.session.add(suspension)
        world["suspension"] = suspension
    if "Notification" in models:
        notification = models["Notification"](
            user_id=other.id,
            kind="comment.reject",
            object_type="comment",
            object_id=world["rejected_comment"].id,
        )
        db.session.add(notification)
        world["notification"] = notification
    db.session.commit()
    return world


def _first_indicator() -> str:
    try:
        from app.evidence.definitions import INDICATORS

        return INDICATORS[0].id
    except (ImportError, IndexError):  # pragma: no cover
        return "none"


def argument_values(world) -> dict:
    def id_of(key):
        return world[key].id if key in world else 999_999

    return {
        "consultation_id": id_of("consultation"),
        "document_id": id_of("document"),
        "section_id": world["consultation"].sections[0].id,
        "comment_id": id_of("comment"),
        "proposal_id": id_of("proposal"),
        "category_id": id_of("category"),
        "user_id": world["people"]["other"].id,
        "kind": "comment",
        "item_id": id_of("comment"),
        "appeal_id": id_of("appeal"),
        "suspension_id": id_of("suspension"),
        "notification_id": id_of("notification"),
        "token": "not-a-valid-token",
        "direction": "up",
        "indicator_id": _first_indicator(),
        "filename": "css/glas.css",
    }


def url_for_rule(rule, world, overrides=None) -> str:
    """The rule's URL with its arguments taken from the world (any(...) takes its first item)."""
    values = {**argument_values(world), **(overrides or {})}
    args = {}
    for name in rule.arguments:
        converter = rule._converters.get(name)
        if name in values and not hasattr(converter, "items"):
            args[name] = values[name]
        elif hasattr(converter, "items"):
            items = sorted(converter.items)
            args[name] = values[name] if values.get(name) in items else items[0]
        else:
            raise KeyError(f"tests/security/world.py: add a value for the URL argument {name!r}")
    _, url = rule.build(args, append_unknown=False)
    return url


def table_snapshot() -> dict:
    """Every row of every table, for "nothing changed" assertions."""
    snapshot = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            rows = conn.execute(table.select()).all()
            snapshot[table.name] = sorted(map(repr, rows))
    return snapshot


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))
