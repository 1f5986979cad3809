"""Translated error pages that leak nothing."""

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (request.accept_mimetypes.best == "application/json")


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if _wants_json():
            return jsonify(error=error.name, status=error.code), error.code
        if error.code == 429:
            return _too_many_requests(error)
        template = (
            f"errors/{error.code}.html" if error.code in (403, 404, 500) else "errors/generic.html"
        )
        return render_template(template, error=error), error.code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error", exc_info=error)
        from ..extensions import db

        db.session.rollback()
        if _wants_json():
            return jsonify(error="Internal Server Error", status=500), 500
        return render_template("errors/500.html"), 500


# What a refused POST carried that the person wrote, shown back so that nothing is lost.
_KEPT_FIELDS = ("title", "body", "note")


def _too_many_requests(error: HTTPException):
    """A rate limit refused the request (Flask-Limiter adds Retry-After)."""
    from flask_babel import format_timedelta

    from .limits import retry_after

    wait = retry_after()
    kept = [
        (name, request.form[name])
        for name in _KEPT_FIELDS
        if request.method == "POST" and (request.form.get(name) or "").strip()
    ]
    return render_template(
        "errors/429.html",
        error=error,
        wait=format_timedelta(wait, add_direction=True) if wait else None,
        kept=kept,
    ), 429
