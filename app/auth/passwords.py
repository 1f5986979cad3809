"""Passwords: Argon2id hashing (cost from the configuration) and the few rules we keep.

The rules follow NIST SP 800-63B and OWASP ASVS 5.0: at least 12 and at most 128 characters,
every character allowed, no composition rules ("one digit, one capital"), but not a password
from the list of the most common ones, and not the person's e-mail address or name.
"""

import secrets
from functools import cache, lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

PASSWORD_MIN = 12
PASSWORD_MAX = 128
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt"


@lru_cache(maxsize=8)
def _hasher_for(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def _parameters() -> tuple[int, int, int]:
    config = current_app.config
    return config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_KIB"], config["ARGON2_PARALLELISM"]


def _hasher() -> PasswordHasher:
    return _hasher_for(*_parameters())


@lru_cache(maxsize=8)
def _dummy_hash_for(time_cost: int, memory_kib: int, parallelism: int) -> str:
    """A hash of a random secret, made once per parameter set, to check unknown accounts."""
    return _hasher_for(time_cost, memory_kib, parallelism).hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches. Costs the same whether or not there is a real hash.

    A missing account (or an erased one, whose hash is unusable) is checked against a dummy
    hash made with the current parameters, so an unknown e-mail takes as long to refuse as a
    wrong password.
    """
    hasher = _hasher()
    if password_hash and password_hash.startswith("$argon2"):
        try:
            return hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
    try:
        hasher.verify(_dummy_hash_for(*_parameters()), password)
    except VerificationError:
        pass
    return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than the configured ones."""
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


# -- what we refuse ----------------------------------------------------------------------
@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, lower-case; lines starting with # are comments."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def is_common(password: str) -> bool:
    lowered = password.lower()
    candidates = {lowered, lowered.strip(), "".join(lowered.split())}
    return not candidates.isdisjoint(common_passwords())


def _identities(email: str | None, display_name: str | None) -> set[str]:
    found = set()
    for value in (email, display_name):
        value = (value or "").strip().lower()
        if value:
            found.update({value, "".join(value.split())})
    if email and "@" in email:
        found.add(email.strip().lower().split("@")[0])
    return found


def password_problem(password: str, email: str | None = None, display_name: str | None = None):
    """Why `password` is refused (a lazy message), or None when it is acceptable."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        return _l("The password must have 12 to 128 characters.")
    lowered = password.strip().lower()
    if lowered in _identities(email, display_name) or "".join(lowered.split()) in _identities(
        email, display_name
    ):
        return _l("The password must not be your e-mail address or your name.")
    if is_common(password):
        return _l(
            "This password is one of the most common ones, which attackers try first. "
            "Choose another: a short sentence is easy to remember and hard to guess."
        )
    return None
