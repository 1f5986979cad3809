"""Passwords: long enough, not common, not the e-mail or name; Argon2id kept up to date."""

import pytest
from argon2 import PasswordHasher
from argon2 import extract_parameters as argon2_parameters
from sqlalchemy import func, select

from app.auth import passwords
from app.auth.models import User
from app.extensions import db

from .helpers import registration


def users():
    return db.session.scalar(select(func.count()).select_from(User))


def test_the_common_password_list_is_long_lower_case_and_useful():
    common = passwords.common_passwords()
    assert len(common) >= 3000
    assert all(p == p.lower() for p in common)
    # Every entry could be chosen (12+ characters), so every entry matters.
    assert min(len(p) for p in common) >= passwords.PASSWORD_MIN
    for expected in ("password1234", "qwertyuiop123", "123456789012", "parola123456"):
        assert expected in common


@pytest.mark.parametrize("password", ["Password1234", "QWERTYUIOP123", "Парола123456"])
def test_registration_refuses_a_common_password_whatever_its_case(client, password):
    response = client.post(
        "/account/register?lang=en", data=registration(password=password, confirm=password)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "one of the most common ones" in page
    assert 'value="ana@example.org"' in page  # what was typed stays
    assert users() == 0


@pytest.mark.parametrize(
    ("field", "password"),
    [("email", "ana.petrova@example.org"), ("display_name", "Ана Петрова Иванова")],
)
def test_registration_refuses_the_email_or_the_name_as_password(client, field, password):
    data = registration(**{field: password, "password": password, "confirm": password})
    response = client.post("/account/register?lang=en", data=data)
    assert response.status_code == 200
    assert "must not be your e-mail address or your name" in response.get_data(as_text=True)
    assert users() == 0


def test_any_long_password_without_composition_rules_is_accepted(client):
    password = "котката спи на топлия перваз"
    response = client.post(
        "/account/register", data=registration(password=password, confirm=password)
    )
    assert response.status_code == 302
    assert users() == 1


def test_longer_than_128_characters_is_refused(client):
    password = "дълга " * 22  # 132 characters
    response = client.post(
        "/account/register", data=registration(password=password, confirm=password)
    )
    assert response.status_code == 200
    assert users() == 0


def test_production_cost_is_at_least_owasp_minimum():
    from config import Config

    # OWASP Password Storage Cheat Sheet: Argon2id with m >= 19 MiB, t >= 2, p >= 1.
    assert Config.ARGON2_MEMORY_KIB >= 19 * 1024
    assert Config.ARGON2_TIME_COST >= 2
    assert Config.ARGON2_PARALLELISM >= 1
    assert (Config.ARGON2_TIME_COST, Config.ARGON2_MEMORY_KIB, Config.ARGON2_PARALLELISM) == (
        3,
        65536,
        4,
    )


def test_a_hash_with_old_parameters_is_replaced_at_login(client, make, app):
    user = make.citizen()
    old = PasswordHasher(time_cost=2, memory_cost=512, parallelism=1).hash(make.PASSWORD)
    user.password_hash = old
    db.session.commit()

    response = client.post("/account/login", data={"email": user.email, "password": make.PASSWORD})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.password_hash != old
    params = argon2_parameters(user.password_hash)
    assert (params.time_cost, params.memory_cost, params.parallelism) == (
        app.config["ARGON2_TIME_COST"],
        app.config["ARGON2_MEMORY_KIB"],
        app.config["ARGON2_PARALLELISM"],
    )
    assert params.type.name == "ID"
    # A current hash is left alone.
    current = user.password_hash
    client.post("/account/logout")
    client.post("/account/login", data={"email": user.email, "password": make.PASSWORD})
    db.session.refresh(user)
    assert user.password_hash == current


def test_unknown_accounts_are_checked_against_a_hash_with_the_same_parameters(app, monkeypatch):
    seen = []
    real_verify = PasswordHasher.verify

    def spy(self, hash_, password):
        seen.append(argon2_parameters(hash_))
        return real_verify(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", spy)
    assert passwords.verify_password(None, "whatever it is") is False
    assert passwords.verify_password("!erased", "whatever it is") is False
    assert len(seen) == 2
    for params in seen:
        assert (params.time_cost, params.memory_cost, params.parallelism) == (
            app.config["ARGON2_TIME_COST"],
            app.config["ARGON2_MEMORY_KIB"],
            app.config["ARGON2_PARALLELISM"],
        )
