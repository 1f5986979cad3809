"""What every template can use."""

from urllib.parse import urlencode

from flask import Flask, request, url_for
from flask_login import current_user

from .i18n import current_language, localized
from .text import markdown_html, plain_text_html


def url_with(**changes) -> str:
    """The current URL with some query arguments replaced (None removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [value]
    view_args = dict(request.view_args or {})
    base = url_for(request.endpoint, **view_args) if request.endpoint else request.path
    query = urlencode(args, doseq=True)
    return f"{base}?{query}" if query else base


def pending_moderation_count() -> int:
    """Everything in the moderation queue: pending content and reported published content."""
    from ..moderation.services import waiting_count

    return waiting_count()


def register(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["plaintext"] = plain_text_html
    app.jinja_env.filters["markdown"] = markdown_html
    app.jinja_env.globals.update(tr=localized, url_with=url_with)

    @app.context_processor
    def inject_common():
        context = {"current_language": current_language()}
        if current_user.is_authenticated and current_user.can_moderate:
            context["moderation_pending"] = pending_moderation_count()
        return context
