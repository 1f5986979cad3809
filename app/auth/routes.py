from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, login_manager
from . import bp, services
from .forms import LoginForm, ProfileForm, RegistrationForm
from .models import Sector, User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def safe_next(target: str | None) -> str | None:
    """`next` only ever points inside the site: a path, no scheme, no host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = RegistrationForm()
    if request.method == "GET":
        form.locale.data = session.get("lang") or "bg"
    if form.validate_on_submit():
        user = services.create_user(
            email=form.email.data,
            password=form.password.data,
            display_name=form.display_name.data,
            sector=Sector(form.sector.data),
            organisation=form.organisation.data,
            district=form.district.data,
            locale=form.locale.data,
        )
        db.session.commit()
        login_user(user)
        session["lang"] = user.locale
        flash(_("Welcome, %(name)s. Your account is ready.", name=user.display_name), "success")
        return redirect(safe_next(request.args.get("next")) or url_for("core.home"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            # The same words for an unknown e-mail and a wrong password.
            flash(_("The e-mail or the password is not right."), "error")
        else:
            session.clear()
            login_user(user)
            session["lang"] = user.locale
            return redirect(safe_next(request.args.get("next")) or url_for("core.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("core.home"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if request.method == "GET":
        form.sector.data = current_user.sector.value
        form.district.data = current_user.district or ""
    if form.validate_on_submit():
        current_user.display_name = form.display_name.data.strip()
        current_user.sector = Sector(form.sector.data)
        current_user.organisation = (form.organisation.data or "").strip() or None
        current_user.district = form.district.data or None
        current_user.locale = form.locale.data
        session["lang"] = form.locale.data
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("auth.profile"))
    return render_template(
        "auth/profile.html", form=form, activity=services.activity_of(current_user)
    )
