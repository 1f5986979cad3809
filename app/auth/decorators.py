"""Who may open what: decorators for views, one per kind of permission."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


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
