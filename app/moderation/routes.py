from math import ceil

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from ..auth.decorators import moderator_required, verified_required
from ..auth.models import User
from ..core.forms import choices
from ..core.i18n import localized
from ..core.pagination import paginate
from ..core.timeutil import utcnow
from ..extensions import db
from . import bp, exports, figures, services
from .forms import (
    AppealDecisionForm,
    AppealForm,
    AuditFilterForm,
    BulkForm,
    DecisionForm,
    FiguresForm,
    FlagForm,
    QueueFilterForm,
    SuspendForm,
)
from .models import Appeal, ReasonCode, Suspension

STATE_TABS = {
    "all": _l("All"),
    "pending": _l("Awaiting moderation"),
    "flagged": _l("Reported"),
    "post_moderated": _l("Published without review"),
    "auto_hidden": _l("Hidden automatically"),
    "appeals": _l("Appeals"),
}

DECISION_MESSAGES = {
    "approve": _l("Approved and published. The author is told."),
    "reject": _l("Rejected. The author is told, with the reason."),
    "hide": _l("Hidden. The author is told, with the reason."),
    "keep": _l("Kept published. Any reports on it are closed."),
    "restore": _l("Published again. The author is told."),
}

APPEAL_MESSAGES = {
    "uphold": _l("The decision stands. The author is told why."),
    "reverse": _l("The decision is reversed and the content published. The author is told."),
}


def _can_read_log() -> bool:
    # Moderators and admins, and staff (read-only: the log has no actions).
    return current_user.can_moderate or current_user.is_staff


# -- the queue ---------------------------------------------------------------------------------
def _queue_args() -> tuple[QueueFilterForm, services.QueueFilter, int]:
    form = QueueFilterForm(request.args)
    queue_filter = form.queue_filter(request.args.get("show", "all"))
    page = max(request.args.get("page", 1, type=int), 1)
    return form, queue_filter, page


def _queue_url(queue_filter: services.QueueFilter, page: int) -> str:
    return url_for("moderation.queue", **queue_filter.args(page=None if page == 1 else page))


def _last_page(counts: dict, state: str) -> int:
    return max(ceil(counts[state] / current_app.config["PAGE_SIZE"]), 1)


def _item_form(item: services.QueueItem):
    """The decision form an item shows, filled with the likeliest choice."""
    if item.state == "appeals":
        return AppealDecisionForm(formdata=None, item_key=f"appeal-{item.appeal.id}")
    if item.state == "pending":
        return DecisionForm(formdata=None, item_key=item.anchor, decision="reject")
    if item.state == "auto_hidden":
        reason = item.obj.moderation_reason.value if item.obj.moderation_reason else ""
    else:
        # Reported content: the reason most people gave is the likeliest one.
        reason = item.flag_reasons[0][0].value if item.flags else ""
    return DecisionForm(formdata=None, item_key=item.anchor, decision="hide", reason=reason)


def _render_queue(filter_form, queue_filter, page, counts, failed=None, bulk_form=None):
    """The queue page; `failed` is (QueueItem, form) of a decision to correct."""
    per_page = current_app.config["PAGE_SIZE"]
    page = min(page, _last_page(counts, queue_filter.state))
    queue = services.queue_page(queue_filter, page, per_page, counts[queue_filter.state])
    forms = {item.anchor: _item_form(item) for item in queue.items}
    if failed:
        item, form = failed
        if item.anchor not in forms:
            queue.items.insert(0, item)
        forms[item.anchor] = form
    consultations = services.queue_consultations(queue_filter.consultation_id)
    filter_form.consultation.choices = choices(
        [
            ("", _("Any consultation")),
            *((str(c.id), localized(c, "title").text) for c in consultations),
        ]
    )
    selected = set(bulk_form.items.data or []) if bulk_form is not None else set()
    if request.args.get("select") == "all":
        selected = {item.anchor for item in queue.items}
    return render_template(
        "moderation/queue.html",
        queue=queue,
        forms=forms,
        counts=counts,
        queue_filter=queue_filter,
        query_args=queue_filter.args(page=None if queue.page == 1 else queue.page),
        filter_form=filter_form,
        tabs=STATE_TABS,
        bulk_form=bulk_form or BulkForm(formdata=None),
        selected=selected,
        failed_form=failed[1] if failed else None,
        may_decide_appeal=services.may_decide_appeal,
    )


@bp.route("/")
@moderator_required
def queue():
    filter_form, queue_filter, page = _queue_args()
    counts = services.queue_counts(queue_filter)
    last = _last_page(counts, queue_filter.state)
    if page > last:
        # The last items of a page were just decided: show the last page there is.
        return redirect(_queue_url(queue_filter, last))
    return _render_queue(filter_form, queue_filter, page, counts)


@bp.route("/<any(comment,proposal):kind>/<int:item_id>/decide", methods=["POST"])
@moderator_required
def decide(kind, item_id):
    filter_form, queue_filter, page = _queue_args()
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
        return redirect(_queue_url(queue_filter, page))
    if not form.validate_on_submit():
        failed = (services.QueueItem(kind, item, item.created_at), form)
        counts = services.queue_counts(queue_filter)
        return _render_queue(filter_form, queue_filter, page, counts, failed=failed)
    services.decide(item, current_user, decision, reason=form.reason_code, note=form.note.data)
    db.session.commit()
    flash(str(DECISION_MESSAGES[decision]), "success")
    return redirect(_queue_url(queue_filter, page))


@bp.route("/bulk", methods=["POST"])
@moderator_required
def bulk():
    filter_form, queue_filter, page = _queue_args()
    form = BulkForm()
    if not form.validate_on_submit():
        counts = services.queue_counts(queue_filter)
        return _render_queue(filter_form, queue_filter, page, counts, bulk_form=form)
    result = services.bulk_decide(
        current_user, form.keys, form.action.data, reason=form.reason_code, note=form.note.data
    )
    db.session.commit()
    flash(
        ngettext("%(num)d item decided.", "%(num)d items decided.", result.decided),
        "success" if result.decided else "info",
    )
    if result.own:
        flash(
            ngettext(
                "%(num)d item is your own and was left out: a moderator never decides on "
                "their own content.",
                "%(num)d items are your own and were left out: a moderator never decides on "
                "their own content.",
                result.own,
            ),
            "warning",
        )
    if result.stale:
        flash(
            ngettext(
                "%(num)d item was left as it is: it was already decided, or it is an appeal "
                "(appeals are decided one by one).",
                "%(num)d items were left as they are: they were already decided, or they are "
                "appeals (appeals are decided one by one).",
                result.stale,
            ),
            "info",
        )
    return redirect(_queue_url(queue_filter, page))


@bp.route("/appeals/<int:appeal_id>/decide", methods=["POST"])
@moderator_required
def appeal_decide(appeal_id):
    filter_form, queue_filter, page = _queue_args()
    appeal = db.get_or_404(Appeal, appeal_id, with_for_update=True)
    item = services.appeal_item(appeal)
    form = AppealDecisionForm(item_key=f"appeal-{appeal.id}")
    if form.outcome.data not in services.APPEAL_DECISIONS:
        abort(400)
    if not appeal.is_open:
        flash(_("Already decided: someone dealt with this appeal in the meantime."), "warning")
        return redirect(_queue_url(queue_filter, page))
    if not services.may_decide_appeal(appeal, item, current_user):
        abort(403)
    if not form.validate_on_submit():
        queue_item = services.QueueItem(
            services.kind_of(item), item, appeal.created_at, appeal=appeal
        )
        counts = services.queue_counts(queue_filter)
        return _render_queue(filter_form, queue_filter, page, counts, failed=(queue_item, form))
    services.decide_appeal(appeal, current_user, form.outcome.data, note=form.note.data)
    db.session.commit()
    flash(str(APPEAL_MESSAGES[form.outcome.data]), "success")
    return redirect(_queue_url(queue_filter, page))


# -- suspensions -------------------------------------------------------------------------------
def _render_account(user, form, refusal=None):
    return render_template(
        "moderation/account.html",
        person=user,
        form=form,
        refusal=refusal,
        history=services.author_histories([user.id]).get(user.id),
        suspensions=services.suspensions_of(user),
        now=utcnow(),
    )


@bp.route("/accounts/<int:user_id>", methods=["GET", "POST"])
@moderator_required
def suspend(user_id):
    user = db.get_or_404(User, user_id)
    form = SuspendForm()
    try:
        services.check_suspend(current_user, user)
    except services.SuspensionRefused as refused:
        if request.method == "POST":
            abort(403)
        return _render_account(user, form, refusal=refused.message)
    if form.validate_on_submit():
        try:
            services.suspend(current_user, user, form.reason.data, form.until.data)
        except services.SuspensionRefused as refused:
            db.session.rollback()
            flash(str(refused.message), "error")
            return _render_account(user, form)
        db.session.commit()
        flash(
            _(
                "The account is suspended until the end of %(date)s. The person is told.",
                date=format_date(form.until.data, "long"),
            ),
            "success",
        )
        return redirect(url_for("moderation.suspend", user_id=user.id))
    return _render_account(user, form)


@bp.route("/suspensions/<int:suspension_id>/lift", methods=["POST"])
@moderator_required
def lift_suspension(suspension_id):
    suspension = db.get_or_404(Suspension, suspension_id)
    try:
        services.lift_suspension(current_user, suspension)
    except services.SuspensionRefused as refused:
        db.session.rollback()
        flash(str(refused.message), "info")
    else:
        db.session.commit()
        flash(_("The suspension is lifted. The person is told."), "success")
    return redirect(url_for("moderation.suspend", user_id=suspension.user_id))


@bp.app_errorhandler(services.AccountSuspended)
def account_suspended(error):
    """A suspended account tried to post: say until when, and give back what they typed."""
    kept = [
        value
        for name, value in request.form.items(multi=True)
        if name != "csrf_token" and len(value.strip()) > 2 and not value.strip().isdigit()
    ]
    return render_template("moderation/suspended.html", message=error.message, kept=kept), 403


# -- appeals by authors ------------------------------------------------------------------------
@bp.route("/<any(comment,proposal):kind>/<int:item_id>/appeal", methods=["GET", "POST"])
@login_required
def appeal(kind, item_id):
    item = services.load_item(kind, item_id)
    back = url_for("notifications.index")
    try:
        services.check_appeal(item, current_user)
    except PermissionError:
        abort(403)
    except services.AppealRefused as refused:
        flash(str(refused.message), "info")
        return redirect(back)
    form = AppealForm()
    if form.validate_on_submit():
        try:
            services.file_appeal(item, current_user, form.body.data)
            db.session.commit()
        except IntegrityError:
            # Another request from the same author won the race.
            db.session.rollback()
            flash(_("You have already appealed this decision: an appeal is possible once."), "info")
            return redirect(back)
        flash(_("Your appeal is sent. Another moderator will decide; you will be told."), "success")
        return redirect(back)
    return render_template("moderation/appeal.html", form=form, kind=kind, item=item, back=back)


# -- reports by participants -------------------------------------------------------------------
def _item_url(kind: str, item) -> str:
    """Where the item is shown to the public."""
    if kind == "comment":
        url = url_for("consultations.detail", consultation_id=item.consultation_id)
        return f"{url}#comment-{item.id}"
    return url_for("proposals.detail", proposal_id=item.id)


@bp.route("/<any(comment,proposal):kind>/<int:item_id>/flag", methods=["GET", "POST"])
@login_required
@verified_required
def flag(kind, item_id):
    # Reports are counted towards an automatic hiding: one at a time per item.
    item = services.load_item(kind, item_id, lock=request.method == "POST")
    back = _item_url(kind, item)
    try:
        services.check_flag(item, current_user)
    except services.FlagRefused as refused:
        flash(str(refused.message), "info")
        return redirect(back)
    form = FlagForm()
    suspension = services.active_suspension(current_user)
    if suspension is not None:
        refusal = services.suspension_message(suspension)
        page = render_template(
            "moderation/flag.html", form=form, kind=kind, item=item, back=back, refusal=refusal
        )
        return page, 403
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


# -- the audit log -----------------------------------------------------------------------------
def _audit_filter() -> tuple[AuditFilterForm, services.AuditFilter]:
    form = AuditFilterForm(request.args)
    actors = services.audit_actors()
    form.actor.choices = choices(
        [("", _("Anyone")), *((str(actor.id), actor.display_name) for actor in actors)]
    )
    form.validate()
    dates_valid = not (form.since.errors or form.until.errors)
    return form, services.AuditFilter(
        group=form.action.data if form.action.data in services.ACTION_GROUPS else None,
        actor_id=int(form.actor.data) if form.actor.data and not form.actor.errors else None,
        object_type=form.object_type.data
        if form.object_type.data in services.OBJECT_TYPES
        else None,
        since=form.since.data if dates_valid else None,
        until=form.until.data if dates_valid else None,
    )


@bp.route("/audit")
@login_required
def audit():
    if not _can_read_log():
        abort(403)
    form, audit_filter = _audit_filter()
    entries = paginate(services.audit_select(audit_filter))
    return render_template(
        "moderation/audit.html",
        form=form,
        entries=entries,
        objects=services.audit_objects(entries.items),
        action_label=services.action_label,
        reason_label=services.reason_label,
        object_types=services.OBJECT_TYPES,
    )


@bp.route("/audit.csv")
@login_required
def audit_export():
    if not _can_read_log():
        abort(403)
    _form, audit_filter = _audit_filter()
    services.record_export(current_user, audit_filter)
    db.session.commit()
    filename = f"glas-audit-{utcnow():%Y%m%d-%H%M}.csv"
    return Response(
        stream_with_context(exports.audit_csv_chunks(audit_filter)),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f"attachment; filename={filename}",
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


# -- figures -----------------------------------------------------------------------------------
@bp.route("/figures", endpoint="figures")
@login_required
def figures_view():
    if not _can_read_log():
        abort(403)
    form = FiguresForm(request.args)
    period = form.period.data if form.period.data in figures.PERIODS else figures.DEFAULT_PERIOD
    form.period.data = period
    return render_template(
        "moderation/figures.html",
        form=form,
        figures=figures.figures(period),
        reason_codes=list(ReasonCode),
    )
