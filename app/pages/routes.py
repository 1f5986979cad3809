"""Long legal texts, one template per language (easier to review than hundreds of msgids)."""

from flask import current_app, render_template

from ..core.i18n import current_language
from ..moderation.models import ReasonCode
from . import bp


def _localized(name: str, **context) -> str:
    lang = current_language()
    fallback = current_app.config["BABEL_DEFAULT_LOCALE"]
    return render_template(
        [f"pages/{name}.{lang}.html", f"pages/{name}.{fallback}.html"], **context
    )


@bp.route("/privacy")
def privacy():
    return _localized(
        "privacy",
        contact=current_app.config["PRIVACY_CONTACT"],
        verification_hours=current_app.config["EMAIL_VERIFICATION_MAX_AGE"] // 3600,
        reset_hours=current_app.config["PASSWORD_RESET_MAX_AGE"] // 3600,
    )


@bp.route("/terms")
def terms():
    return _localized("terms", reasons=list(ReasonCode))
