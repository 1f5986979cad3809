"""Account administration."""

from sqlalchemy import or_, select

from ..auth.models import Role, User
from ..core.search import like_pattern
from ..moderation.models import record


class LastAdminError(Exception):
    """The platform must keep at least one administrator."""


def users_query(search: str = "", role: Role | None = None):
    query = select(User).order_by(User.id.desc())
    if search:
        # E-mails are stored lower-case; display names are matched case-sensitively on
        # SQLite for non-ASCII letters, which is acceptable for an admin lookup.
        pattern = like_pattern(search)
        query = query.where(
            or_(User.email.like(pattern, escape="\\"), User.display_name.like(f"%{search}%"))
        )
    if role is not None:
        query = query.where(User.role == role)
    return query


def change_role(admin: User, user: User, role: Role) -> bool:
    """Give `user` a new role, recorded in the audit log. Returns False if nothing changed."""
    if user.role is role:
        return False
    if user.role is Role.ADMIN and user.id == admin.id:
        raise LastAdminError
    old = user.role
    user.role = role
    record(admin, "user.role_change", user, reason=role.value, note=f"{old.value} → {role.value}")
    return True
