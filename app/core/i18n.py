"""Which language a page is in, and how bilingual staff content is shown.

The chain: `?lang=` on any URL (remembered in the session and the profile) → the session →
the logged-in user's profile → Accept-Language → Bulgarian.
"""

from dataclasses import dataclass

from flask import current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

from ..extensions import db


def _supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    wanted = request.args.get("lang")
    if wanted in _supported():
        return wanted
    if session.get("lang") in _supported():
        return session["lang"]
    if current_user.is_authenticated and current_user.locale in _supported():
        return current_user.locale
    return (
        request.accept_languages.best_match(_supported())
        or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def file_language(view):
    """Mark a download whose `?lang=` chooses the file's language: not a choice of interface
    language to remember."""
    view.lang_is_file_language = True
    return view


def remember_locale_choice() -> None:
    """Keep an explicit `?lang=` choice in the session and, for members, the profile."""
    wanted = request.args.get("lang")
    if wanted not in _supported():
        return
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "lang_is_file_language", False):
        return
    session["lang"] = wanted
    if current_user.is_authenticated and current_user.locale != wanted:
        current_user.locale = wanted
        db.session.commit()


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


@dataclass(frozen=True)
class Localized:
    """A piece of bilingual staff content, as it is shown in the current language."""

    text: str
    lang: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def localized(obj, field: str, lang: str | None = None) -> Localized:
    """`obj.<field>_<lang>`, falling back to the other language when it is empty."""
    lang = lang or current_language()
    other = "en" if lang == "bg" else "bg"
    text = getattr(obj, f"{field}_{lang}", None) or ""
    if text.strip():
        return Localized(text, lang, False)
    fallback = getattr(obj, f"{field}_{other}", None) or ""
    return Localized(fallback, other, bool(fallback.strip()))
