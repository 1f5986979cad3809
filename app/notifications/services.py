"""Telling participants what happened to what they wrote, in their language.

`notify()` adds an in-app notification and queues an e-mail worded in the recipient's
language; the e-mail leaves only once the request's transaction is committed (a decision
that is rolled back is never announced), and a mail server that fails does not undo the
decision: the notification is there either way.
"""

from dataclasses import dataclass, field

from flask import current_app, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.session import Session
from sqlalchemy import event, func, select, update

from ..core.i18n import localized
from ..core.mail import send_mail
from ..core.timeutil import utcnow
from ..extensions import db
from ..moderation.models import Appeal, ModerationStatus, ReasonCode, object_type_of
from .models import Notification

OUTBOX = "glas_outbox"

TITLES = {
    "comment.approve": _l("Your comment is published"),
    "comment.reject": _l("Your comment was not published"),
    "comment.hide": _l("Your comment was hidden"),
    "comment.keep": _l("Your comment was reviewed and stays published"),
    "comment.restore": _l("Your comment is published again"),
    "comment.auto_hide": _l("Your comment was hidden after several reports"),
    "comment.appeal_upheld": _l(
        "Your appeal was not accepted: the decision on your comment stands"
    ),
    "comment.appeal_reversed": _l("Your appeal was accepted: your comment is published"),
    "proposal.approve": _l("Your proposal is published"),
    "proposal.reject": _l("Your proposal was not published"),
    "proposal.hide": _l("Your proposal was hidden"),
    "proposal.keep": _l("Your proposal was reviewed and stays published"),
    "proposal.restore": _l("Your proposal is published again"),
    "proposal.auto_hide": _l("Your proposal was hidden after several reports"),
    "proposal.appeal_upheld": _l(
        "Your appeal was not accepted: the decision on your proposal stands"
    ),
    "proposal.appeal_reversed": _l("Your appeal was accepted: your proposal is published"),
    "proposal.answer": _l("The City answered your proposal"),
    "user.suspend": _l("Your account is suspended"),
    "user.unsuspend": _l("Your account is no longer suspended"),
}

EXPLANATIONS = {
    "auto_hide": _l(
        "It stays hidden until a moderator reviews it; you will be told of the decision."
    ),
    "reject": _l("If you think this is a mistake, you may appeal once, with a short explanation."),
    "hide": _l("If you think this is a mistake, you may appeal once, with a short explanation."),
    "appeal_upheld": _l("An appeal is possible once: this decision is final."),
}

# Decisions against which the author may appeal (once per item).
APPEALABLE = ("reject", "hide")


def _verb(kind: str) -> str:
    return kind.split(".", 1)[1] if "." in kind else kind


# -- creating ------------------------------------------------------------------------------
def notify(user, kind: str, obj, reason=None, note=None) -> Notification | None:
    """Tell `user` that `kind` happened to `obj` (a comment, proposal or suspension).

    Nothing happens for a missing recipient (an erased account). The e-mail is worded in
    the recipient's language and sent after the commit.
    """
    if user is None or getattr(user, "deleted_at", None) is not None:
        return None
    notification = Notification(
        user_id=user.id,
        kind=kind,
        object_type=object_type_of(obj),
        object_id=obj.id,
        reason=getattr(reason, "value", reason),
        note=(note or "").strip() or None,
        created_at=utcnow(),
    )
    db.session.add(notification)
    db.session.flush()
    if user.email:
        with force_locale(recipient_locale(user)):
            subject, body = compose_mail(notification, obj)
        db.session.info.setdefault(OUTBOX, []).append((user.email, subject, body))
    return notification


def notify_author(item, kind: str, reason=None, note=None) -> Notification | None:
    """Tell the author of a comment or proposal (if the account still exists)."""
    return notify(getattr(item, "author", None), kind, item, reason=reason, note=note)


def recipient_locale(user) -> str:
    languages = tuple(current_app.config["LANGUAGES"])
    locale = getattr(user, "locale", None)
    return locale if locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


@event.listens_for(Session, "after_commit")
def _send_outbox(session) -> None:
    messages = session.info.pop(OUTBOX, None)
    for to, subject, body in messages or ():
        try:
            send_mail(to, subject, body)
        except Exception:  # the decision stands; the in-app notification tells it anyway
            current_app.logger.exception("notification e-mail to %s failed", to)


@event.listens_for(Session, "after_rollback")
def _drop_outbox(session) -> None:
    session.info.pop(OUTBOX, None)


# -- wording -------------------------------------------------------------------------------
@dataclass
class Described:
    """A notification worded in the current language, for the page or the e-mail."""

    notification: Notification
    title: str
    context: str | None = None
    context_lang: str | None = None
    details: list[str] = field(default_factory=list)
    explanation: str | None = None
    url: str | None = None
    appeal_url: str | None = None


def _url(endpoint: str, external: bool = False, **values) -> str | None:
    try:
        return url_for(endpoint, _external=external, **values)
    except RuntimeError:  # no request and no SERVER_NAME (a command): no link
        return None


def _item_url(obj, external: bool) -> str | None:
    from ..consultations.models import Comment
    from ..proposals.models import Proposal

    if isinstance(obj, Comment):
        url = _url("consultations.detail", external, consultation_id=obj.consultation_id)
        return f"{url}#comment-{obj.id}" if url else None
    if isinstance(obj, Proposal):
        return _url("proposals.detail", external, proposal_id=obj.id)
    return None


def can_appeal(notification: Notification, obj, appealed: bool) -> bool:
    """Whether this notification offers the appeal: a rejection or a hiding by a moderator,
    still in force, not appealed yet."""
    return (
        _verb(notification.kind) in APPEALABLE
        and obj is not None
        and not appealed
        and obj.moderation_status in (ModerationStatus.REJECTED, ModerationStatus.HIDDEN)
        and not obj.needs_review
    )


def describe(
    notification: Notification, obj, appealed: bool = False, external: bool = False
) -> Described:
    """Word `notification` about `obj` in the current language."""
    from ..consultations.models import Comment
    from ..proposals.models import Proposal, Stage

    kind, verb = notification.kind, _verb(notification.kind)
    described = Described(notification, str(TITLES.get(kind, kind)))
    if isinstance(obj, Comment):
        title = localized(obj.consultation, "title")
        described.context = _("On the consultation “%(title)s”", title=title.text)
        described.context_lang = title.lang
    elif isinstance(obj, Proposal):
        described.context = _("Proposal “%(title)s”", title=obj.title)
        described.context_lang = obj.language
    if kind == "proposal.answer" and notification.reason:
        try:
            stage = Stage(notification.reason).label
        except ValueError:
            stage = notification.reason
        described.details.append(_("Answer: %(stage)s", stage=stage))
    elif kind == "user.suspend" and obj is not None:
        described.details.append(
            _(
                "Until the end of %(date)s you cannot post, comment, support or report.",
                date=format_date(obj.last_day, "long"),
            )
        )
        if notification.note:
            described.details.append(_("Reason: %(reason)s", reason=notification.note))
    elif notification.reason:
        try:
            reason = ReasonCode(notification.reason).label
        except ValueError:
            reason = notification.reason
        described.details.append(_("Reason: %(reason)s", reason=reason))
    if notification.note and kind != "user.suspend":
        described.details.append(_("Moderator’s note: %(note)s", note=notification.note))
    if verb in EXPLANATIONS:
        described.explanation = str(EXPLANATIONS[verb])
    if verb in ("reject", "hide", "auto_hide", "appeal_upheld"):
        described.url = _url("notifications.index", external)
    else:
        described.url = _item_url(obj, external)
    if can_appeal(notification, obj, appealed):
        kind_name = "comment" if isinstance(obj, Comment) else "proposal"
        described.appeal_url = _url("moderation.appeal", external, kind=kind_name, item_id=obj.id)
    else:
        described.explanation = None if verb in APPEALABLE else described.explanation
    return described


def compose_mail(notification: Notification, obj) -> tuple[str, str]:
    """Subject and body of the e-mail copy, in the current (forced) language."""
    described = describe(notification, obj, appealed=False, external=True)
    lines = [described.title + "."]
    if described.context:
        lines.append(described.context)
    lines.extend(described.details)
    if described.explanation:
        lines.extend(["", described.explanation])
    if described.appeal_url:
        lines.append(_("To appeal: %(url)s", url=described.appeal_url))
    notifications_url = _url("notifications.index", True)
    if described.url and described.url != notifications_url:
        lines.extend(["", _("See it on Glas: %(url)s", url=described.url)])
    if notifications_url:
        lines.extend(["", _("All your notifications: %(url)s", url=notifications_url)])
    lines.extend(["", "—", _("Glas, the City’s platform for public consultations.")])
    subject = _("Glas: %(title)s", title=described.title)
    return subject, "\n".join(lines)


# -- reading -------------------------------------------------------------------------------
def for_user(user):
    """A select() of `user`'s notifications, newest first (for `paginate`)."""
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def unread_count(user) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def targets(notifications) -> tuple[dict, set]:
    """The objects a page of notifications is about, and which items were appealed: one
    query per kind of object at most, whatever the number of notifications."""
    from sqlalchemy.orm import joinedload

    from ..consultations.models import Comment
    from ..moderation.models import Suspension
    from ..proposals.models import Proposal

    wanted: dict[str, set[int]] = {}
    for n in notifications:
        wanted.setdefault(n.object_type, set()).add(n.object_id)
    found: dict[tuple[str, int], object] = {}
    appealed: set[tuple[str, int]] = set()
    if wanted.get("comment"):
        ids = wanted["comment"]
        for c in db.session.scalars(
            select(Comment).where(Comment.id.in_(ids)).options(joinedload(Comment.consultation))
        ):
            found["comment", c.id] = c
        appealed |= {
            ("comment", i)
            for i in db.session.scalars(select(Appeal.comment_id).where(Appeal.comment_id.in_(ids)))
        }
    if wanted.get("proposal"):
        ids = wanted["proposal"]
        for p in db.session.scalars(select(Proposal).where(Proposal.id.in_(ids))):
            found["proposal", p.id] = p
        appealed |= {
            ("proposal", i)
            for i in db.session.scalars(
                select(Appeal.proposal_id).where(Appeal.proposal_id.in_(ids))
            )
        }
    if wanted.get("suspension"):
        for s in db.session.scalars(
            select(Suspension).where(Suspension.id.in_(wanted["suspension"]))
        ):
            found["suspension", s.id] = s
    return found, appealed


def describe_page(notifications) -> list[Described]:
    found, appealed = targets(notifications)
    return [
        describe(
            n,
            found.get((n.object_type, n.object_id)),
            appealed=(n.object_type, n.object_id) in appealed,
        )
        for n in notifications
    ]


def load_own(notification_id: int, user) -> Notification:
    """`user`'s notification, or a 404 (also for someone else's: ids are not secrets, but
    whether a number belongs to somebody is none of another account's business)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        from flask import abort

        abort(404)
    return notification


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()
    db.session.flush()


def mark_all_read(user) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
