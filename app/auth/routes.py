import json
from urllib.parse import urlsplit

from flask import (
    Response,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user, user_logged_in
from sqlalchemy.exc import IntegrityError

from ..extensions import db, login_manager
from . import bp, emails, gdpr, services, tokens
from .forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegistrationForm,
    ResetPasswordForm,
)
from .models import Role, Sector, User

# The session carries the account's session version from login on; see `load_user`.
SESSION_VERSION_KEY = "_sv"
_LOGIN_KEYS = ("_user_id", "_fresh", "_id", "_remember", SESSION_VERSION_KEY)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The logged-in account, unless it was erased or its sessions were ended since login."""
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        user = None
    if (
        user is None
        or not user.is_active
        or session.get(SESSION_VERSION_KEY) != user.session_version
    ):
        for key in _LOGIN_KEYS:
            session.pop(key, None)
        return None
    return user


@user_logged_in.connect
def _remember_session_version(app, user, **extra) -> None:  # noqa: ARG001
    session[SESSION_VERSION_KEY] = user.session_version


def _start_session(user: User) -> None:
    """A fresh session for `user`: nothing from before login survives (CSRF token included)."""
    session.clear()
    login_user(user)
    session["lang"] = user.locale


def _end_session() -> None:
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang


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


def _no_referrer(response):
    """Pages whose URL holds a token must not pass it on to another site."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


# -- registration and login ------------------------------------------------------------------
@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = RegistrationForm()
    if request.method == "GET":
        form.locale.data = session.get("lang") or "bg"
    if form.validate_on_submit():
        try:
            services.register(
                email=form.email.data,
                password=form.password.data,
                display_name=form.display_name.data,
                sector=Sector(form.sector.data),
                organisation=form.organisation.data,
                district=form.district.data,
                locale=form.locale.data,
            )
            db.session.commit()
        except IntegrityError:
            # The same address registered a moment ago by another request: same answer.
            db.session.rollback()
        session["lang"] = form.locale.data
        return redirect(url_for("auth.check_email"))
    return render_template("auth/register.html", form=form)


@bp.route("/register/check-your-email")
def check_email():
    return render_template("auth/check_email.html")


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
            db.session.commit()  # a rehashed password
            _start_session(user)
            return redirect(safe_next(request.args.get("next")) or url_for("core.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    _end_session()
    flash(_("You have logged out."), "info")
    return redirect(url_for("core.home"))


@bp.route("/logout-everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    session[SESSION_VERSION_KEY] = services.end_other_sessions(current_user)
    db.session.commit()
    flash(_("You are logged out on every other device."), "success")
    return redirect(url_for("auth.security"))


# -- e-mail verification -----------------------------------------------------------------------
@bp.route("/verify/<token>")
def verify_email(token):
    try:
        user = tokens.user_for_verification(token)
    except tokens.TokenError as error:
        return _no_referrer(_invalid_link(error, resend=True))
    services.mark_verified(user)
    db.session.commit()
    flash(_("Thank you: your e-mail address is confirmed."), "success")
    if current_user.is_authenticated:
        return _no_referrer(redirect(url_for("core.home")))
    return _no_referrer(redirect(url_for("auth.login")))


@bp.route("/resend-verification", methods=["POST"])
@login_required
def resend_verification():
    if current_user.is_verified:
        flash(_("Your e-mail address is already confirmed."), "info")
    else:
        services.send_verification(current_user)
        flash(
            _(
                "We sent a new confirmation link to %(email)s. It may take a few minutes; "
                "look in the spam folder too.",
                email=current_user.email,
            ),
            "success",
        )
    return redirect(safe_next(request.form.get("next")) or url_for("auth.profile"))


def _invalid_link(error: tokens.TokenError, resend: bool = False, reset: bool = False):
    page = render_template(
        "auth/link_invalid.html", expired=error.expired, resend=resend, reset=reset
    )
    return Response(page, status=400)


# -- forgotten password --------------------------------------------------------------------------
@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(
            _(
                "If an account exists for that address, we sent it a link to set a new "
                "password. The link works for one hour."
            ),
            "info",
        )
        return redirect(url_for("auth.forgot_password"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token):
    try:
        user = tokens.user_for_reset(token)
    except tokens.TokenError as error:
        return _no_referrer(_invalid_link(error, reset=True))
    form = ResetPasswordForm(user=user)
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        db.session.commit()
        _end_session()
        flash(_("Your new password is set. Log in with it."), "success")
        return _no_referrer(redirect(url_for("auth.login")))
    return _no_referrer(Response(render_template("auth/reset_password.html", form=form)))


# -- profile and security ------------------------------------------------------------------------
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


def _security_page(password_form=None, email_form=None):
    return render_template(
        "auth/security.html",
        password_form=password_form
        or ChangePasswordForm(formdata=None, user=current_user, prefix="password"),
        email_form=email_form or ChangeEmailForm(formdata=None, user=current_user, prefix="email"),
    )


@bp.route("/security")
@login_required
def security():
    return _security_page()


@bp.route("/security/password", methods=["POST"])
@login_required
def change_password():
    form = ChangePasswordForm(user=current_user, prefix="password")
    if not form.validate_on_submit():
        return _security_page(password_form=form)
    session[SESSION_VERSION_KEY] = services.change_password(current_user, form.password.data)
    db.session.commit()
    flash(_("Your password is changed. Every other device is logged out."), "success")
    return redirect(url_for("auth.security"))


@bp.route("/security/email", methods=["POST"])
@login_required
def change_email():
    form = ChangeEmailForm(user=current_user, prefix="email")
    if not form.validate_on_submit():
        return _security_page(email_form=form)
    services.request_email_change(current_user, form.email.data)
    db.session.commit()
    flash(
        _(
            "We sent a confirmation link to %(email)s. Your address changes when you open it.",
            email=services.normalise_email(form.email.data),
        ),
        "success",
    )
    return redirect(url_for("auth.security"))


@bp.route("/confirm-email/<token>")
def confirm_email_change(token):
    try:
        user, new_email = tokens.email_change_for(token)
        services.apply_email_change(user, new_email)
        db.session.commit()
    except tokens.TokenError as error:
        return _no_referrer(_invalid_link(error))
    except (services.EmailTaken, IntegrityError):
        db.session.rollback()
        return _no_referrer(_invalid_link(tokens.TokenError()))
    flash(_("Your new e-mail address is confirmed and in use."), "success")
    target = url_for("auth.security") if current_user.is_authenticated else url_for("auth.login")
    return _no_referrer(redirect(target))


# -- your data ------------------------------------------------------------------------------------
@bp.route("/export.json")
@login_required
def export_data():
    data = gdpr.export(current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="glas-my-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm(user=current_user)
    allowed = current_user.role is Role.CITIZEN
    if allowed and form.validate_on_submit():
        email, name, locale = current_user.email, current_user.display_name, current_user.locale
        gdpr.erase(current_user)
        db.session.commit()
        emails.send_account_deleted(email, name, locale)
        _end_session()
        flash(_("Your account is deleted. Thank you for taking part."), "success")
        return redirect(url_for("core.home"))
    return render_template("auth/delete_account.html", form=form, allowed=allowed)
