"""The links we send by e-mail: signed, expiring, one salt per purpose, bound to a state.

Each token names the account and carries a fingerprint of what it was made for (the e-mail
address, or the password hash). When that changes, the token stops working: a confirmation link
cannot confirm an address the account no longer has, and a reset link works once, because using
it changes the password hash. The fingerprints are truncated SHA-256 digests, so a token shows
neither the address nor the hash; the signature (SECRET_KEY, itsdangerous) makes them unforgeable.
"""

import hashlib
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..extensions import db
from .models import User


@dataclass(frozen=True)
class Purpose:
    salt: str
    max_age_setting: str


VERIFY_EMAIL = Purpose("glas.auth.verify-email", "EMAIL_VERIFICATION_MAX_AGE")
CHANGE_EMAIL = Purpose("glas.auth.change-email", "EMAIL_CHANGE_MAX_AGE")
RESET_PASSWORD = Purpose("glas.auth.reset-password", "PASSWORD_RESET_MAX_AGE")


class TokenError(Exception):
    """The link is not valid (tampered, for another account state) or has expired."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:20]


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose.salt)


def _dumps(purpose: Purpose, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def _loads(purpose: Purpose, token: str) -> dict:
    max_age = current_app.config[purpose.max_age_setting]
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenError(expired=True) from None
    except BadSignature:
        raise TokenError from None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise TokenError
    return payload


def _account(payload: dict) -> User:
    user = db.session.get(User, payload["u"])
    if user is None or user.is_deleted:
        raise TokenError
    return user


# -- confirming the address an account has -------------------------------------------------
def verification_token(user: User) -> str:
    return _dumps(VERIFY_EMAIL, {"u": user.id, "e": fingerprint(user.email)})


def user_for_verification(token: str) -> User:
    payload = _loads(VERIFY_EMAIL, token)
    user = _account(payload)
    if payload.get("e") != fingerprint(user.email):
        raise TokenError
    return user


# -- moving an account to a new address ------------------------------------------------------
def email_change_token(user: User, new_email: str) -> str:
    return _dumps(CHANGE_EMAIL, {"u": user.id, "e": fingerprint(user.email), "n": new_email})


def email_change_for(token: str) -> tuple[User, str]:
    payload = _loads(CHANGE_EMAIL, token)
    user = _account(payload)
    new_email = payload.get("n")
    if payload.get("e") != fingerprint(user.email) or not isinstance(new_email, str):
        raise TokenError
    return user, new_email


# -- setting a new password ---------------------------------------------------------------
def reset_token(user: User) -> str:
    return _dumps(RESET_PASSWORD, {"u": user.id, "p": fingerprint(user.password_hash)})


def dummy_reset_token() -> str:
    """The same work as `reset_token`, for an address without an account."""
    return _dumps(RESET_PASSWORD, {"u": 0, "p": fingerprint("no account")})


def user_for_reset(token: str) -> User:
    payload = _loads(RESET_PASSWORD, token)
    user = _account(payload)
    if payload.get("p") != fingerprint(user.password_hash):
        raise TokenError
    return user
