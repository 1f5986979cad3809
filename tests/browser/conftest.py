"""Real-browser tests: the real application on a loopback port, driven by Debian's Chromium.

Browsers cannot be downloaded here, so Playwright launches /usr/bin/chromium (CHROMIUM_PATH
overrides it). Without Chromium these tests are skipped loudly on a developer's machine and
fail in CI, where `.ci/run` installs it.
"""

import os
import shutil
import tempfile
import threading
import uuid
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_or_skip():
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM}: the real-browser tests need it."
    if os.environ.get("CI"):
        pytest.fail(message + " CI must run them (.ci/run installs it).")
    print("\n" + "!" * 72 + f"\n!! SKIPPING BROWSER TESTS: {message}\n" + "!" * 72)
    pytest.skip(message)


class LiveServer:
    def __init__(self, app, url, mail_folder):
        self.app = app
        self.url = url
        self.mail_folder = Path(mail_folder)

    def mails(self):
        with self.app.app_context():
            from app.core.mail import sent_messages

            return sent_messages()


def _server_database(database_url: str, workdir: Path):
    """A database of its own for the live server, beside the suite's one."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{workdir / 'browser.sqlite3'}", None
    name = f"{url.database}_browser_{uuid.uuid4().hex[:6]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="session")
def live_server(database_url):
    """The application with the demo data, served on a free loopback port."""
    _chromium_or_skip()
    workdir = Path(tempfile.mkdtemp(prefix="glas-browser-"))
    url, drop = _server_database(database_url, workdir)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "UPLOAD_FOLDER": str(workdir / "uploads"),
            "MAIL_FOLDER": str(workdir / "mail"),
            "WTF_CSRF_ENABLED": True,
        }
    )
    with app.app_context():
        upgrade(revision="heads")
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}", workdir / "mail")
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()
        if drop:
            drop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
