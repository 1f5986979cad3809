"""The accounts migration keeps existing accounts working."""

from datetime import datetime

from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from tests.test_migrations import _fresh_database


def test_existing_accounts_count_as_verified_after_the_upgrade(database_url, tmp_path):
    fresh_url, drop = _fresh_database(database_url, tmp_path)
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": fresh_url})
        with app.app_context():
            upgrade(revision="b1e05984c7d8")
            created = datetime(2025, 3, 1, 9, 30)
            with db.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO users (email, display_name, password_hash, role, sector, "
                        "locale, created_at) VALUES ('old@example.org', 'Old', 'x', 'citizen', "
                        "'citizen', 'bg', :created)"
                    ),
                    {"created": created},
                )
            upgrade(revision="auth_trust")
            with db.engine.connect() as conn:
                row = conn.execute(
                    text("SELECT email_verified_at, session_version, deleted_at FROM users")
                ).one()
            verified_at = row[0]
            if isinstance(verified_at, str):  # SQLite hands back text
                verified_at = datetime.fromisoformat(verified_at)
            assert verified_at == created
            assert row[1] == 0
            assert row[2] is None
            db.engine.dispose()
    finally:
        if drop:
            drop()
