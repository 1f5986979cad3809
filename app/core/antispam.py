"""Abuse resistance for the forms anyone can fill: registration, comments, proposals.

`AntiSpamMixin` adds two hidden fields to a form and checks them when it validates:

- a honeypot, `website`: a text input people never see (moved off screen, out of the tab
  order, labelled "Leave this empty" for screen readers). Bots that fill every input fill it.
- `form_started`: when the form was shown, signed with the app's secret. A submission without
  a valid signature, or sent sooner than `ANTISPAM_MIN_FILL_SECONDS` after the form was shown,
  is refused; a person who really was that quick is asked to send again, their text kept.

Both are rendered by `form.hidden_tag()`, so templates need nothing more; a form written by
hand in a template adds `{{ antispam_fields(suffix) }}` (a unique suffix per form on the page).

A form that names its text field (`spam_text_field`) and the model it becomes
(`spam_model`, with `author_id`, `created_at` and that field) also refuses the same text sent
again by the same account within `ANTISPAM_DUPLICATE_MINUTES`, and, with `spam_max_links`,
more than `ANTISPAM_MAX_LINKS` links. Nothing refused is stored; the form keeps what was typed.
"""

import re
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from itsdangerous import BadData, URLSafeTimedSerializer
from markupsafe import Markup, escape
from sqlalchemy import select
from wtforms import HiddenField, StringField
from wtforms.validators import ValidationError
from wtforms.widgets import HiddenInput

from ..extensions import db
from .timeutil import utcnow

HONEYPOT = "website"
STARTED = "form_started"
_SALT = "glas.antispam.form-started"
_LINK = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"']+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


# -- the signed "form shown at" value ------------------------------------------------------
def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def form_started_token() -> str:
    return _serializer().dumps("form")


def seconds_since(token: str | None) -> float | None:
    """Seconds since the form carrying `token` was shown; None when it is not ours."""
    if not token:
        return None
    try:
        _payload, signed_at = _serializer().loads(token, return_timestamp=True)
    except BadData:
        return None
    return (datetime.now(UTC) - signed_at).total_seconds()


class FillTooFast(ValidationError):
    pass


def check_fill_time(token: str | None) -> None:
    """Raise ValidationError for a forged or missing token, FillTooFast for a hurried one."""
    minimum = current_app.config.get("ANTISPAM_MIN_FILL_SECONDS", 0)
    if not minimum:
        return
    elapsed = seconds_since(token)
    if elapsed is None:
        raise ValidationError(_l("This form could not be accepted. Reload the page and try again."))
    if elapsed < minimum:
        raise FillTooFast(_l("Please take a moment and send again."))


# -- text checks (services) -------------------------------------------------------------
def count_links(text: str | None) -> int:
    return len(_LINK.findall(text or ""))


def check_links(text: str | None) -> None:
    limit = int(current_app.config.get("ANTISPAM_MAX_LINKS", 3))
    found = count_links(text)
    if found > limit:
        raise ValidationError(
            ngettext(
                "Please keep to at most %(num)d link; this text has %(found)d.",
                "Please keep to at most %(num)d links; this text has %(found)d.",
                limit,
                found=found,
            )
        )


def normalised(text: str | None) -> str:
    return _SPACE.sub(" ", (text or "").strip()).casefold()


def is_recent_duplicate(model, author_id: int, text: str, field: str = "body") -> bool:
    """Did `author_id` send the same text (spacing and case aside) as a `model` lately?"""
    minutes = int(current_app.config.get("ANTISPAM_DUPLICATE_MINUTES", 0))
    if not minutes or not text:
        return False
    since = utcnow() - timedelta(minutes=minutes)
    recent = db.session.scalars(
        select(getattr(model, field)).where(model.author_id == author_id, model.created_at >= since)
    )
    wanted = normalised(text)
    return any(normalised(previous) == wanted for previous in recent)


def check_duplicate(model, author_id: int, text: str, field: str = "body") -> None:
    if is_recent_duplicate(model, author_id, text, field):
        raise ValidationError(
            _l("You sent this same text a few minutes ago; it has been received already.")
        )


# -- the form fields ----------------------------------------------------------------------
def honeypot_html(field_id: str, label: str, value: str = "") -> Markup:
    return Markup(  # noqa: S704 (every value is escaped)
        '<div class="visually-hidden">'
        f'<label for="{escape(field_id)}">{escape(label)}</label>'
        f'<input type="text" id="{escape(field_id)}" name="{HONEYPOT}" value="{escape(value)}"'
        ' autocomplete="off" tabindex="-1">'
        "</div>"
    )


class HoneypotWidget(HiddenInput):
    """A text input hidden from people, not from bots. A HiddenInput for `hidden_tag()`."""

    def __call__(self, field, **kwargs):
        return honeypot_html(kwargs.get("id", field.id), str(field.label.text), field.data or "")


class AntiSpamMixin:
    """Put before FlaskForm: `class CommentForm(AntiSpamMixin, FlaskForm)`."""

    website = StringField(_l("Leave this empty"), widget=HoneypotWidget())
    form_started = HiddenField(default=form_started_token)

    spam_text_field: str | None = None
    spam_model = None
    spam_max_links = False

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        try:
            if (self.website.data or "").strip():
                raise ValidationError(
                    _l("This form could not be accepted. Reload the page and try again.")
                )
            # What was sent, not the default: a form without the field gets no fresh token.
            sent = self.form_started.raw_data
            check_fill_time(sent[0] if sent else None)
        except ValidationError as refusal:
            # Said at the top of the page: no visible field is wrong, so none is marked.
            flash(str(refusal.args[0]), "error")
            return False
        if valid and self.spam_text_field:
            field = getattr(self, self.spam_text_field)
            try:
                if self.spam_max_links:
                    check_links(field.data)
                if self.spam_model is not None and current_user.is_authenticated:
                    check_duplicate(
                        self.spam_model, current_user.id, field.data, self.spam_text_field
                    )
            except ValidationError as refusal:
                field.errors = [*field.errors, refusal.args[0]]
                return False
        return valid


def antispam_fields(suffix: str) -> Markup:
    """The mixin's two fields for a form written by hand in a template."""
    started = escape(form_started_token())
    return honeypot_html(f"{HONEYPOT}-{suffix}", _("Leave this empty")) + Markup(  # noqa: S704
        f'<input type="hidden" name="{STARTED}" value="{started}">'
    )


def init_app(app: Flask) -> None:
    app.jinja_env.globals["antispam_fields"] = antispam_fields
