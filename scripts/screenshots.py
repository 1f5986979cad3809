#!/usr/bin/env python3
"""Make the screenshots in docs/screenshots/ from the demo data, in a real browser.

    .venv/bin/python scripts/screenshots.py            (needs Debian's chromium)

It builds a throwaway SQLite database with the migrations and `flask seed-demo`, serves the
app on a free loopback port, and photographs a few pages on a desktop and a phone, in
Bulgarian and English.
"""

import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENS = {"desktop": {"width": 1280, "height": 860}, "phone": {"width": 390, "height": 844}}
# (name, path, who is logged in)
PAGES = [
    ("home", "/", None),
    ("consultation", "/consultations/3", None),
    ("report", "/reports/consultations/1", None),
    ("proposals", "/proposals/", None),
    ("moderation", "/moderation/", ("moderator@demo.glas.bg", "demo-moderator-2026")),
    ("staff", "/staff/consultations/2", ("staff@demo.glas.bg", "demo-staff-2026")),
]


def serve():
    workdir = Path(tempfile.mkdtemp(prefix="glas-shots-"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'shots.sqlite3'}",
            "UPLOAD_FOLDER": str(workdir / "uploads"),
            "MAIL_FOLDER": str(workdir / "mail"),
        }
    )
    with app.app_context():
        upgrade(revision="heads")
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    if result.exit_code:
        raise SystemExit(result.output)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    server, base = serve()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for screen, viewport in SCREENS.items():
            for lang in ("bg", "en"):
                context = browser.new_context(viewport=viewport, base_url=base)
                page = context.new_page()
                logged_in = None
                for name, path, who in PAGES:
                    if who != logged_in:
                        context.clear_cookies()
                        if who:
                            page.goto("/account/login")
                            page.fill("input[name=email]", who[0])
                            page.fill("input[name=password]", who[1])
                            page.locator("main form [type=submit]").first.click()
                            page.wait_for_load_state()
                        logged_in = who
                    page.goto(f"{path}?lang={lang}")
                    target = OUT / f"{name}-{screen}-{lang}.png"
                    page.screenshot(path=str(target))
                    print(target.relative_to(ROOT))
                context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
