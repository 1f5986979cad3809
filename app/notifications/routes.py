from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.pagination import paginate
from ..extensions import db
from . import bp, services


@bp.app_context_processor
def unread_notifications():
    """The count beside "Notifications" in the account menu, on every page."""
    if current_user.is_authenticated:
        return {"unread_notifications": services.unread_count(current_user)}
    return {}


@bp.route("/")
@login_required
def index():
    page = paginate(services.for_user(current_user))
    return render_template(
        "notifications/index.html", page=page, entries=services.describe_page(page.items)
    )


def _back() -> str:
    page = request.args.get("page", type=int)
    return url_for("notifications.index", page=page if page and page > 1 else None)


@bp.route("/<int:notification_id>/read", methods=["POST"])
@login_required
def read(notification_id):
    services.mark_read(services.load_own(notification_id, current_user))
    db.session.commit()
    return redirect(f"{_back()}#notification-{notification_id}")


@bp.route("/read-all", methods=["POST"])
@login_required
def read_all():
    services.mark_all_read(current_user)
    db.session.commit()
    flash(_("All your notifications are marked as read."), "success")
    return redirect(_back())
