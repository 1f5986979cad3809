from math import ceil

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from ..auth.decorators import moderator_required
from ..core.forms import choices
from ..core.pagination import paginate
from ..extensions import db
from . import bp, services
from .forms import AuditFilterForm, DecisionForm, FlagForm
from .models import ReasonCode

QUEUE_TABS = {
    "all": _l("All"),
    "comments": _l("Comments"),
    "proposals": _l("Proposals"),
    "flagged": _l("Reported"),
}

DECISION_MESSAGES = {
    "approve": _l("Approved and published."),
    "reject": _l("Rejected. The author sees the reason on their profile."),
    "hide": _l("Hidden. The author sees the reason on their profile."),
    "keep": _l("Kept. The reports on it are closed."),
}


def _queue_args() -> tuple[str, int]:
    show = request.args.get("show", "all")
    if show not in services.QUEUE_VIEWS:
        show = "all"
    page = max(request.args.get("page", 1, type=int), 1)
    return show, page


def _queue_url(show: str, page: int) -> str:
    return url_for(
        "moderation.queue",
        show=None if show == "all" else show,
        page=None if page == 1 else page,
    )


def _decision_form(item: services.QueueItem) -> DecisionForm:
    if item.is_pending:
        return DecisionForm(formdata=None, item_key=item.anchor, decision="reject")
    # Reported content: the reason most people gave is the likeliest one.
    reason = item.flag_reasons[0][0].value if item.flags else ""
    return DecisionForm(formdata=None, item_key=item.anchor, decision="hide", reason=reason)


def _last_page(counts: dict, show: str) -> int:
    return max(ceil(counts[show] / current_app.config["PAGE_SIZE"]), 1)


def _render_queue(show: str, page: int, counts: dict, failed=None):
    """The queue page; `failed` is (kind, item, form) of a decision to correct."""
    per_page = current_app.config["PAGE_SIZE"]
    page = min(page, _last_page(counts, show))
    queue = services.queue_page(show, page, per_page, counts[show])
    forms = {item.anchor: _decision_form(item) for item in queue.items}
    if failed:
        kind, obj, form = failed
        item = services.QueueItem(kind, obj, obj.created_at)
        if item.anchor not in forms:
            queue.items.insert(0, item)
        forms[item.anchor] = form
    return render_template(
        "moderation/queue.html",
        queue=queue,
        forms=forms,
        counts=counts,
        show=show,
        tabs=QUEUE_TABS,
        failed_form=failed[2] if failed else None,
    )


@bp.route("/")
@moderator_required
def queue():
    show, page = _queue_args()
    counts = services.queue_counts()
    if page > _last_page(counts, show):
        # The last items of a page were just decided: show the last page there is.
        return redirect(_queue_url(show, _last_page(counts, show)))
    return _render_queue(show, page, counts)


@bp.route("/<any(comment,proposal):kind>/<int:item_id>/decide", methods=["POST"])
@moderator_required
def decide(kind, item_id):
    show, page = _queue_args()
    item = services.load_item(kind, item_id, lock=True)
    form = DecisionForm(item_key=f"{kind}-{item_id}")
    decision = form.decision.data
    if decision not in services.DECISIONS:
        abort(400)
    try:
        services.check_decision(item, current_user, decision)
    except PermissionError:
        abort(403)
    except services.AlreadyDecided:
        flash(_("Already decided: someone dealt with this item in the meantime."), "warning")
        return redirect(_queue_url(show, page))
    if not form.validate_on_submit():
        return _render_queue(show, page, services.queue_counts(), failed=(kind, item, form))
    services.decide(item, current_user, decision, reason=form.reason_code, note=form.note.data)
    db.session.commit()
    flash(str(DECISION_MESSAGES[decision]), "success")
    return redirect(_queue_url(show, page))


def _item_url(kind: str, item) -> str:
    """Where the item is shown to the public."""
    if kind == "comment":
        url = url_for("consultations.detail", consultation_id=item.consultation_id)
        return f"{url}#comment-{item.id}"
    return url_for("proposals.detail", proposal_id=item.id)


@bp.route("/<any(comment,proposal):kind>/<int:item_id>/flag", methods=["GET", "POST"])
@login_required
def flag(kind, item_id):
    item = services.load_item(kind, item_id)
    back = _item_url(kind, item)
    try:
        services.check_flag(item, current_user)
    except services.FlagRefused as refused:
        flash(str(refused.message), "info")
        return redirect(back)
    form = FlagForm()
    if form.validate_on_submit():
        try:
            services.flag(item, current_user, ReasonCode(form.reason.data), form.note.data)
            db.session.commit()
        except IntegrityError:
            # Another request from the same account won the race.
            db.session.rollback()
            flash(_("You have already reported this."), "info")
            return redirect(back)
        flash(_("Thank you. A moderator will look at it."), "success")
        return redirect(back)
    return render_template("moderation/flag.html", form=form, kind=kind, item=item, back=back)


@bp.route("/audit")
@login_required
def audit():
    # Moderators and admins, and staff (read-only: the log has no actions).
    if not (current_user.can_moderate or current_user.is_staff):
        abort(403)
    form = AuditFilterForm(request.args)
    actors = services.audit_actors()
    form.actor.choices = choices(
        [("", _("Anyone")), *((str(actor.id), actor.display_name) for actor in actors)]
    )
    group = form.action.data if form.action.data in services.ACTION_GROUPS else None
    actor_id = int(form.actor.data) if (form.actor.data or "").isdigit() else None
    entries = paginate(services.audit_select(group, actor_id))
    return render_template(
        "moderation/audit.html",
        form=form,
        entries=entries,
        objects=services.audit_objects(entries.items),
        action_label=services.action_label,
        reason_label=services.reason_label,
    )
