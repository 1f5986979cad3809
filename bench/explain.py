#!/usr/bin/env python3
"""The query plans behind the benchmark's pages, from the database they run on.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/glas_bench_scale \\
        .venv/bin/python bench/explain.py > bench/results/query-plans-postgres.md

Each page is requested once through the app (production settings, page cache off, as a
visitor; the moderation queue as a moderator); every SQL statement it runs is captured with
its parameters and run again under EXPLAIN (ANALYZE, BUFFERS). The output is Markdown: per
page, each statement's time, and its plan. Plans are read on a warm cache (the page is
requested once before), like the benchmark's steady state.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GLAS_CONFIG", "production")
os.environ.setdefault("SECRET_KEY", "explain-only-" + "x" * 32)
os.environ["GLAS_SECURE_COOKIES"] = "0"
os.environ["GLAS_PAGE_CACHE_SECONDS"] = "0"

from sqlalchemy import event, select, text  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.models import Role, User  # noqa: E402
from app.auth.routes import SESSION_VERSION_KEY  # noqa: E402
from app.extensions import db  # noqa: E402


def _targets() -> dict:
    big = db.session.execute(
        text("SELECT id FROM consultations ORDER BY comment_count DESC, id LIMIT 1")
    ).scalar()
    tops = (
        db.session.execute(
            text(
                "SELECT id FROM comments WHERE consultation_id = :c AND parent_id IS NULL"
                " AND moderation_status = 'approved' ORDER BY id"
            ),
            {"c": big},
        )
        .scalars()
        .all()
    )
    report = db.session.execute(
        text(
            "SELECT id FROM consultations WHERE state = 'report_published'"
            " ORDER BY comment_count DESC LIMIT 1"
        )
    ).scalar()
    proposal = db.session.execute(
        text(
            "SELECT id FROM proposals WHERE moderation_status = 'approved'"
            " ORDER BY support_count DESC LIMIT 1"
        )
    ).scalar()
    return {
        "big": big,
        "deep": tops[int(len(tops) * 0.9)] if tops else 0,
        "report": report,
        "proposal": proposal,
    }


def main() -> None:
    app = create_app("production")
    captured: list[tuple[str, object]] = []
    with app.app_context():
        t = _targets()
        moderator_id = db.session.scalar(select(User.id).where(User.role == Role.MODERATOR))
        moderator_version = db.session.get(User, moderator_id).session_version

        @event.listens_for(db.engine, "before_cursor_execute")
        def capture(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
            if statement.lstrip().upper().startswith("SELECT"):
                captured.append((statement, parameters))

    pages = [
        ("home", "/", False),
        ("consultation list", "/consultations/", False),
        ("consultation detail (first page)", f"/consultations/{t['big']}", False),
        ("consultation detail (deep page)", f"/consultations/{t['big']}?after={t['deep']}", False),
        ("proposals by supports", "/proposals/?sort=supported", False),
        ("proposal detail", f"/proposals/{t['proposal']}", False),
        ("search", "/search?q=район", False),
        ("API proposals", "/api/v1/proposals", False),
        ("API comments (cursor)", "/api/v1/comments?after=200000", False),
        ("report page", f"/reports/consultations/{t['report']}", False),
        ("moderation queue", "/moderation/", True),
    ]
    client = app.test_client()
    dialect = None
    print("# Query plans of the benchmark's pages\n")
    for title, url, as_moderator in pages:
        with client.session_transaction() as session:
            session.clear()
            if as_moderator:
                session["_user_id"] = str(moderator_id)
                session["_fresh"] = True
                session[SESSION_VERSION_KEY] = moderator_version
        client.get(url)  # warm
        captured.clear()
        started = time.perf_counter()
        status = client.get(url).status_code
        page_ms = (time.perf_counter() - started) * 1000
        statements = list(captured)
        print(
            f"## {title}: `{url}`\n\n{status}, {page_ms:.1f} ms in-process, "
            f"{len(statements)} statements\n"
        )
        with app.app_context():
            dialect = db.engine.dialect.name
            with db.engine.connect() as conn:
                for n, (statement, parameters) in enumerate(statements, 1):
                    prefix = (
                        "EXPLAIN (ANALYZE, BUFFERS) "
                        if dialect == "postgresql"
                        else "EXPLAIN QUERY PLAN "
                    )
                    plan = conn.exec_driver_sql(prefix + statement, parameters).all()
                    lines = [" | ".join(str(c) for c in row) for row in plan]
                    timing = next((ln for ln in lines if ln.startswith("Execution Time")), "")
                    first = " ".join(statement.split())[:160]
                    print(f"{n}. `{first}…` {timing}\n")
                    print("```")
                    print("\n".join(lines))
                    print("```\n")
    print(f"_Database: {dialect}._")


if __name__ == "__main__":
    main()
