"""The migrations are the only way a schema is built: they must reach head and match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import create_app
from app.core.search import include_in_schema_comparison
from app.extensions import db


def test_models_and_migrations_do_not_drift(app):
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(
                conn,
                opts={"compare_type": True, "include_object": include_in_schema_comparison},
            ),
            db.metadata,
        )
    assert diff == []


def _fresh_database(database_url, tmp_path):
    """An empty database beside the suite's own, on the same kind of server."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}", None
    name = f"{url.database}_empty"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def test_migrations_build_an_empty_database_and_tear_it_down(database_url, tmp_path):
    fresh_url, drop = _fresh_database(database_url, tmp_path)
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": fresh_url})
        with app.app_context():
            upgrade(revision="heads")
            tables = set(inspect(db.engine).get_table_names())
            assert {
                "users",
                "consultations",
                "sections",
                "comments",
                "proposals",
                "supports",
            } <= tables
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            upgrade(revision="heads")
            assert "comment_responses" in set(inspect(db.engine).get_table_names())
            db.engine.dispose()
    finally:
        if drop:
            drop()
