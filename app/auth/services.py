"""Accounts, without a request in sight.

Functions flush and may send e-mail; the view commits. Nothing here tells a caller whether an
address has an account, except `find_user_by_email` for code that must know (the CLI).
"""

import logging

from sqlalchemy import func, select

from ..core.timeutil import utcnow
from ..extensions import db
from . import emails, tokens
from .models import Role, Sector, User
from .passwords import hash_password, needs_rehash, verify_password

security_log = logging.getLogger("glas.security")


class EmailTaken(Exception):
    """The address already belongs to another account."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def email_taken(email: str) -> bool:
    query = select(func.count()).select_from(User).where(User.email == normalise_email(email))
    return bool(db.session.scalar(query))


def create_user(
    email: str,
    password: str,
    display_name: str,
    role: Role = Role.CITIZEN,
    sector: Sector = Sector.CITIZEN,
    organisation: str | None = None,
    district: str | None = None,
    locale: str = "bg",
    verified: bool = False,
) -> User:
    """An account; `verified` for accounts an administrator vouches for (CLI, demo)."""
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        display_name=display_name.strip(),
        role=role,
        sector=sector,
        organisation=(organisation or "").strip() or None,
        district=district or None,
        locale=locale,
        session_version=0,
        email_verified_at=utcnow() if verified else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def register(email: str, password: str, display_name: str, **profile) -> User | None:
    """Sign someone up, the same way whether or not the address already has an account.

    A new address gets an unverified account and a confirmation link. An address that already
    has an account gets no second one: its owner is told that someone tried, with a link to
    set a new password. Both paths hash the password and send one e-mail, so neither the page
    nor its timing says which happened. Returns the new account, or None.
    """
    existing = find_user_by_email(email)
    if existing is not None:
        hash_password(password)  # the work a new account would have cost
        emails.send_registration_attempt(existing)
        security_log.info("registration attempted for existing account %s", existing.id)
        return None
    user = create_user(email, password, display_name, **profile)
    emails.send_verification(user)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The account for these credentials, or None (at the same cost either way).

    A hash made with older Argon2 parameters is replaced by one made with the current ones,
    now that we hold the password.
    """
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        verify_password(None, password)
        return None
    if not verify_password(user.password_hash, password):
        security_log.info("failed login for account %s", user.id)
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        security_log.info("password rehashed for account %s", user.id)
    return user


def check_password(user: User, password: str) -> bool:
    return verify_password(user.password_hash, password)


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)


def end_other_sessions(user: User) -> int:
    """Invalidate every session of `user`; returns the number the current one must carry."""
    user.session_version = (user.session_version or 0) + 1
    db.session.flush()
    return user.session_version


def change_password(user: User, new_password: str) -> int:
    """A new password; every other session ends. Returns the new session version."""
    set_password(user, new_password)
    version = end_other_sessions(user)
    emails.send_password_changed(user)
    security_log.info("password changed for account %s", user.id)
    return version


# -- e-mail verification -------------------------------------------------------------------
def send_verification(user: User) -> None:
    emails.send_verification(user)


def mark_verified(user: User) -> bool:
    """Record that the address is confirmed; False when it already was."""
    if user.is_verified:
        return False
    user.email_verified_at = utcnow()
    db.session.flush()
    return True


# -- forgotten passwords --------------------------------------------------------------------
def request_password_reset(email: str) -> None:
    """Send a reset link if the address has an account; the same work and answer if not."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        tokens.dummy_reset_token()
        return
    emails.send_password_reset(user)
    security_log.info("password reset requested for account %s", user.id)


def reset_password(user: User, new_password: str) -> None:
    """Set the password from a reset link: it also proves the address, and ends every session."""
    set_password(user, new_password)
    mark_verified(user)
    end_other_sessions(user)
    emails.send_password_changed(user)
    security_log.info("password reset for account %s", user.id)


# -- changing the address ---------------------------------------------------------------------
def request_email_change(user: User, new_email: str) -> None:
    """Send a confirmation link to the new address; nothing changes until it is opened.

    An address that already has an account is told so instead: the person asking is shown the
    same answer either way.
    """
    new_email = normalise_email(new_email)
    if email_taken(new_email):
        emails.send_address_in_use(new_email, user.locale)
        return
    emails.send_email_change_confirmation(user, new_email)


def apply_email_change(user: User, new_email: str) -> str:
    """Move the account to `new_email` (confirmed by the link); returns the old address."""
    new_email = normalise_email(new_email)
    if new_email == user.email:
        return user.email
    if email_taken(new_email):
        raise EmailTaken
    old_email = user.email
    user.email = new_email
    user.email_verified_at = utcnow()
    db.session.flush()
    emails.send_email_changed(user, old_email)
    security_log.info("e-mail address changed for account %s", user.id)
    return old_email


def activity_of(user: User, limit: int = 50) -> dict:
    """What a participant wrote, newest first, with the moderation decision on each."""
    from sqlalchemy.orm import joinedload

    from ..consultations.models import Comment
    from ..proposals.models import Proposal

    comments = db.session.scalars(
        select(Comment)
        .where(Comment.author_id == user.id)
        .options(joinedload(Comment.consultation), joinedload(Comment.response))
        .order_by(Comment.id.desc())
        .limit(limit)
    ).all()
    proposals = db.session.scalars(
        select(Proposal)
        .where(Proposal.author_id == user.id)
        .order_by(Proposal.id.desc())
        .limit(limit)
    ).all()
    return {"comments": comments, "proposals": proposals}
