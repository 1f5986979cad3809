"""The e-mails accounts receive, each written in the recipient's language.

Plain text, one paragraph per gettext message so that translators see whole sentences. Links are
absolute (`url_for(..., _external=True)`); they are built while a request is being handled.
"""

from flask import current_app, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from ..core.mail import send_mail
from . import tokens
from .models import User


def _lifetime(setting: str) -> str:
    """How long a link works, in hours (called inside the recipient's locale)."""
    hours = max(int(current_app.config[setting]) // 3600, 1)
    return ngettext("%(num)d hour", "%(num)d hours", hours)


def _send(to: str, locale: str, compose) -> None:
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject, paragraphs = compose()
        signature = _("— Glas, the City’s platform for public consultations")
        body = "\n\n".join([*paragraphs, signature]) + "\n"
    send_mail(to, subject, body)


def mask(email: str) -> str:
    """`ana.petrova@example.org` → `a***@example.org`, to name an address without giving it."""
    local, _sep, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def send_verification(user: User) -> None:
    link = url_for("auth.verify_email", token=tokens.verification_token(user), _external=True)

    def compose():
        return _("Confirm your e-mail address for Glas"), [
            _("Hello %(name)s,", name=user.display_name),
            _(
                "Please confirm that this is your e-mail address by opening the link below. "
                "Once it is confirmed you can comment on consultations, submit proposals and "
                "support them."
            ),
            link,
            _("The link works for %(duration)s.", duration=_lifetime("EMAIL_VERIFICATION_MAX_AGE")),
            _(
                "If you did not create an account on Glas, you can ignore this message: "
                "without the confirmation nobody can take part under this address."
            ),
        ]

    _send(user.email, user.locale, compose)


def send_registration_attempt(user: User) -> None:
    """Someone registered with an address that already has an account: tell its owner."""
    login = url_for("auth.login", _external=True)
    reset = url_for("auth.reset_password", token=tokens.reset_token(user), _external=True)

    def compose():
        return _("Someone tried to register on Glas with your address"), [
            _("Hello %(name)s,", name=user.display_name),
            _(
                "Someone, perhaps you, tried to create a new Glas account with this e-mail "
                "address. This address already has an account, so no new account was made."
            ),
            _("If it was you, log in with your existing account:"),
            login,
            _(
                "If you have forgotten your password, set a new one with this link "
                "(it works for %(duration)s):",
                duration=_lifetime("PASSWORD_RESET_MAX_AGE"),
            ),
            reset,
            _("If it was not you, you can ignore this message: nothing has changed."),
        ]

    _send(user.email, user.locale, compose)


def send_password_reset(user: User) -> None:
    link = url_for("auth.reset_password", token=tokens.reset_token(user), _external=True)

    def compose():
        return _("Set a new password for Glas"), [
            _("Hello %(name)s,", name=user.display_name),
            _("Someone, probably you, asked to set a new password for your Glas account."),
            _(
                "Open this link to choose a new password (it works for %(duration)s, and only "
                "once):",
                duration=_lifetime("PASSWORD_RESET_MAX_AGE"),
            ),
            link,
            _("If you did not ask for it, ignore this message: your password stays as it is."),
        ]

    _send(user.email, user.locale, compose)


def send_password_changed(user: User) -> None:
    forgot = url_for("auth.forgot_password", _external=True)

    def compose():
        return _("Your Glas password was changed"), [
            _("Hello %(name)s,", name=user.display_name),
            _(
                "The password of your Glas account was just changed, and every other device "
                "where you were logged in has been logged out."
            ),
            _(
                "If it was not you, set a new password at once with the link below and tell "
                "us by answering this message:"
            ),
            forgot,
        ]

    _send(user.email, user.locale, compose)


def send_email_change_confirmation(user: User, new_email: str) -> None:
    link = url_for(
        "auth.confirm_email_change",
        token=tokens.email_change_token(user, new_email),
        _external=True,
    )

    def compose():
        return _("Confirm your new e-mail address for Glas"), [
            _("Hello %(name)s,", name=user.display_name),
            _(
                "You asked to use this address for your Glas account. Open the link below to "
                "confirm it; until then your account keeps its current address."
            ),
            link,
            _("The link works for %(duration)s.", duration=_lifetime("EMAIL_CHANGE_MAX_AGE")),
            _("If you did not ask for this, ignore this message: nothing will change."),
        ]

    _send(new_email, user.locale, compose)


def send_address_in_use(new_email: str, locale: str) -> None:
    """Someone asked to move an account to an address that already has one."""

    def compose():
        return _("Someone tried to use your address on Glas"), [
            _(
                "Someone asked to move their Glas account to this e-mail address. This address "
                "already has an account, so nothing was changed."
            ),
            _("If it was you and you want to keep one account only, you can delete the other."),
        ]

    _send(new_email, locale, compose)


def send_email_changed(user: User, old_email: str) -> None:
    """Tell the old address that the account moved away from it."""

    def compose():
        return _("The e-mail address of your Glas account was changed"), [
            _("Hello %(name)s,", name=user.display_name),
            _(
                "The e-mail address of your Glas account was changed from this address to "
                "%(new)s. Messages from Glas now go there.",
                new=mask(user.email),
            ),
            _(
                "If it was not you, answer this message at once so that we can give the account "
                "back to you."
            ),
        ]

    _send(old_email, user.locale, compose)


def send_account_deleted(email: str, name: str, locale: str) -> None:
    def compose():
        return _("Your Glas account is deleted"), [
            _("Hello %(name)s,", name=name),
            _(
                "Your Glas account and the personal data in it are deleted, as you asked. "
                "Your published comments stay in the public consultation records under "
                "“Deleted participant”, without your name."
            ),
        ]

    _send(email, locale, compose)
