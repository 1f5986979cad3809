"""Helpers for the security tests: apps with other settings, clients logged in per role."""

import pytest
from flask import g

from app import create_app
from app.extensions import db
from tests.factories import Factory

ROLES = ("anonymous", "unverified", "citizen", "moderator", "staff", "admin")


@pytest.fixture
def make_app(app):
    """`make_app(**config)`: another app on the same database, with settings changed."""
    made = []

    def _make(**config):
        other = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
                "MAIL_FOLDER": app.config["MAIL_FOLDER"],
                **config,
            }
        )
        made.append(other)
        return other

    yield _make
    for other in made:
        with other.app_context():
            db.engine.dispose()


def log_in(client, user, password=Factory.PASSWORD):
    response = client.post("/account/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, f"login of {user!r} failed"
    return client


@pytest.fixture
def people(make):
    """One account per role (and a second citizen, "other"), committed."""
    return {
        "unverified": make.citizen(verified=False, display_name="Unverified Person"),
        "citizen": make.citizen(display_name="Citizen Person"),
        "other": make.citizen(display_name="Other Person"),
        "moderator": make.moderator(display_name="Moderator Person"),
        "staff": make.staff(display_name="Staff Person"),
        "admin": make.admin(display_name="Admin Person"),
    }


@pytest.fixture
def client_as(app, people):
    """`client_as(role)`: a fresh test client, logged in as that role's account."""

    def _client(role):
        client = app.test_client()
        if role != "anonymous":
            log_in(client, people[role])
        return client

    return _client


def forget_request_caches():
    for key in ("_flask_babel", "_login_user"):
        g.pop(key, None)
