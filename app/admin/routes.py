from functools import wraps

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.models import Role, User
from ..auth.routes import safe_next
from ..core.pagination import paginate
from ..extensions import db
from . import bp, services
from .forms import RoleForm


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if current_user.role is not Role.ADMIN:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.route("/users")
@admin_required
def users():
    search = (request.args.get("q") or "").replace("\x00", "").strip()[:100]
    role = request.args.get("role")
    role = Role(role) if role in {r.value for r in Role} else None
    pagination = paginate(services.users_query(search, role))
    return render_template(
        "admin/users.html", pagination=pagination, search=search, role=role, roles=list(Role)
    )


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@admin_required
def change_role(user_id):
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Choose a role."), "error")
    else:
        try:
            changed = services.change_role(current_user, user, Role(form.role.data))
        except services.LastAdminError:
            flash(_("You cannot take the administrator role from yourself."), "error")
        else:
            db.session.commit()
            if changed:
                flash(
                    _("%(name)s is now: %(role)s.", name=user.display_name, role=user.role.label),
                    "success",
                )
    return redirect(safe_next(request.form.get("back")) or url_for("admin.users"))
