"""Fixtures: a real database built by the migrations, reached through the app factory.

The suite runs on SQLite by default. `TEST_DATABASE_URL=postgresql://...` runs it on
PostgreSQL: a fresh database is created for the run beside the one named, and dropped after.
"""

import os
import tempfile
import uuid
from pathlib import Path

import pytest
from flask import g
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from tests.factories import Factory

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


def _is_postgres(url: str) -> bool:
    return url.startswith("postgres")


def _driver_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if not _is_postgres(TEST_DATABASE_URL):
        path = tmp_path_factory.mktemp("db") / "glas-test.sqlite3"
        yield f"sqlite:///{path}"
        return
    admin_url = make_url(_driver_url(TEST_DATABASE_URL))
    name = f"glas_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(scope="session")
def upload_dir():
    with tempfile.TemporaryDirectory(prefix="glas-uploads-") as path:
        yield path


@pytest.fixture(scope="session")
def _migrated(database_url, upload_dir):
    """Build the schema once per run, the way production does: with the migrations."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "UPLOAD_FOLDER": upload_dir})
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()
    return database_url


@pytest.fixture
def app(_migrated, upload_dir, tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": _migrated,
            "UPLOAD_FOLDER": upload_dir,
            "MAIL_FOLDER": str(tmp_path / "mail"),
        }
    )
    # Tests keep one app context open (to use db.session), and Flask reuses it for the test
    # client's requests, so per-request caches on `g` would leak from one request into the
    # next. In production every request has its own context; here we clear them.
    app.before_request_funcs.setdefault(None, []).insert(0, _forget_request_caches)
    with app.app_context():
        yield app
        db.session.remove()
        # Every test starts from empty tables; children first, so foreign keys hold.
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()


def _forget_request_caches():
    for key in ("_flask_babel", "_login_user"):
        g.pop(key, None)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app):
    """Small factories for users in every role and the content they work with."""
    return Factory()


@pytest.fixture
def login(client):
    """`login(user)` logs the test client in as `user` through the real login form."""

    def _login(user, password=Factory.PASSWORD, target=client):
        response = target.post("/account/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, "login failed"
        return target

    return _login


@pytest.fixture
def is_postgres(database_url):
    return _is_postgres(database_url)


def pytest_report_header(config):
    backend = "PostgreSQL" if _is_postgres(TEST_DATABASE_URL) else "SQLite"
    return f"database: {backend}"


ROOT = Path(__file__).resolve().parent.parent
