"""Accounts, without a request in sight."""

from sqlalchemy import func, select

from ..extensions import db
from .models import Role, Sector, User
from .passwords import hash_password, verify_password


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
) -> User:
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        display_name=display_name.strip(),
        role=role,
        sector=sector,
        organisation=(organisation or "").strip() or None,
        district=district or None,
        locale=locale,
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if verify_password(user.password_hash if user else None, password):
        return user
    return None


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)


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
