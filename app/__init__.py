"""Glas: public consultations and citizen proposals."""

import os
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from config import CONFIGS

from .extensions import babel, cache, csrf, db, login_manager, migrate


def create_app(config: str | dict | None = None) -> Flask:
    """Build an application.

    `config` is a name from `config.CONFIGS` or a mapping applied over the testing config;
    without it `GLAS_CONFIG` decides (development by default).
    """
    app = Flask(__name__, instance_path=os.environ.get("GLAS_INSTANCE_DIR"))
    if isinstance(config, dict):
        app.config.from_object(CONFIGS["testing"])
        app.config.update(config)
    else:
        app.config.from_object(CONFIGS[config or os.environ.get("GLAS_CONFIG", "development")])
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in the environment for this configuration.")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    register_extensions(app)
    register_blueprints(app)
    register_security(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (the metadata must know every table)
    from .core import lazyload_guard
    from .core.security import DatabaseIdConverter

    # Before any route exists: <int:...> never matches an id the database cannot hold.
    app.url_map.converters["int"] = DatabaseIdConverter
    from .core.i18n import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(Path(app.root_path).parent / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    cache.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    lazyload_guard.init_app(app)

    from .core import page_cache
    from .core.i18n import remember_locale_choice

    app.before_request(remember_locale_choice)
    page_cache.init_app(app)  # after the language is settled: it is part of the key


def register_blueprints(app: Flask) -> None:
    from .admin import bp as admin_bp
    from .admin import routes as _admin_routes  # noqa: F401
    from .api import bp as api_bp
    from .api import routes as _api_routes  # noqa: F401
    from .auth import bp as auth_bp
    from .auth import routes as _auth_routes  # noqa: F401
    from .consultations import bp as consultations_bp
    from .consultations import routes as _consultations_routes  # noqa: F401
    from .core.routes import bp as core_bp
    from .evidence import bp as evidence_bp
    from .evidence import routes as _evidence_routes  # noqa: F401
    from .feeds import bp as feeds_bp
    from .feeds import routes as _feeds_routes  # noqa: F401
    from .moderation import bp as moderation_bp
    from .moderation import routes as _moderation_routes  # noqa: F401
    from .notifications import bp as notifications_bp
    from .notifications import routes as _notifications_routes  # noqa: F401
    from .pages import bp as pages_bp
    from .pages import routes as _pages_routes  # noqa: F401
    from .proposals import bp as proposals_bp
    from .proposals import routes as _proposals_routes  # noqa: F401
    from .reports import bp as reports_bp
    from .reports import routes as _reports_routes  # noqa: F401
    from .staff import bp as staff_bp
    from .staff import routes as _staff_routes  # noqa: F401

    app.register_blueprint(core_bp)
    app.register_blueprint(pages_bp)
    app.register_blueprint(auth_bp, url_prefix="/account")
    app.register_blueprint(consultations_bp, url_prefix="/consultations")
    app.register_blueprint(proposals_bp, url_prefix="/proposals")
    app.register_blueprint(moderation_bp, url_prefix="/moderation")
    app.register_blueprint(notifications_bp, url_prefix="/notifications")
    app.register_blueprint(staff_bp, url_prefix="/staff")
    app.register_blueprint(reports_bp, url_prefix="/reports")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(evidence_bp, url_prefix="/participation")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(feeds_bp, url_prefix="/feeds")


def register_security(app: Flask) -> None:
    """Security headers, rate limits (on the registered endpoints) and form anti-spam."""
    from .core import antispam, limits, security

    security.init_app(app)
    limits.init_app(app)
    antispam.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    from .core.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from .core.templating import register

    register(app)


def register_commands(app: Flask) -> None:
    from .auth.cli import users_cli
    from .core.counters import reconcile_counters_command
    from .core.seed import seed_demo_command
    from .core.seed_scale import seed_scale_command

    app.cli.add_command(users_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(reconcile_counters_command)
    app.cli.add_command(seed_scale_command)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:  # noqa: ARG001
    """SQLite: enforce foreign keys, wait for locks, WAL for concurrent readers."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
