"""Who may open what: decorators for views, one per kind of permission."""

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, render_template, request
from flask_login import current_user, login_required

# Form fields shown again, editable, when a submission is held back; other fields travel along
# hidden. The labels are looked up in the template.
HELD_TEXT_FIELDS = ("title", "body", "note")


def _requires(check):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


moderator_required = _requires(lambda user: user.can_moderate)
staff_required = _requires(lambda user: user.is_staff)


def _same_site_referrer() -> str | None:
    """Where the person came from, if it was a page of this site (path and query only)."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc != request.host or parts.scheme not in ("http", "https"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def verification_refusal():
    """The page for a submission held back until the address is confirmed (403).

    What the person typed comes back in a form that sends it to the same address again, so
    once they have opened the confirmation link they lose nothing.
    """
    held = [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name != "csrf_token" and not (name in HELD_TEXT_FIELDS and not value.strip())
    ]
    texts = [(name, value) for name, value in held if name in HELD_TEXT_FIELDS]
    hidden = [(name, value) for name, value in held if name not in HELD_TEXT_FIELDS]
    body = render_template(
        "auth/verification_required.html",
        action=request.full_path.rstrip("?"),
        texts=texts,
        hidden=hidden,
        back=_same_site_referrer(),
        hide_verification_notice=True,  # this page says it already
    )
    return body, 403


def verified_required(view):
    """Refuse a POST from a logged-in account whose e-mail address is not confirmed yet.

    Visitors who are not logged in pass through: the view (or `login_required` above this
    decorator) sends them to the login page as before. GET requests pass too, so a form can be
    shown with the notice that base.html puts on every page.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        if (
            request.method == "POST"
            and current_user.is_authenticated
            and not current_user.is_verified
        ):
            return verification_refusal()
        return view(*args, **kwargs)

    return wrapped
