"""How long the consultation report exports take, and how much memory they need.

    python bench/export_report.py                      # 100,000 comments, SQLite
    python bench/export_report.py --comments 20000
    python bench/export_report.py --database-url postgresql://postgres@127.0.0.1:5432/test
    python bench/export_report.py --existing-database-url URL --consultation 7 --json out.json

Builds a throwaway database with the migrations (a temporary SQLite file, or a new database
beside the PostgreSQL one named, dropped afterwards), inserts one published consultation with
N published comments (a tenth of them replies), a response to every one, 1,000 participants,
300 citizen proposals and 20,000 supports in its period, all with Core `insert()` executemany.
Then it runs each export through the app's own functions and consumes all of the output:

- CSV and JSON: the generators the responses stream (`app.staff.exports`);
- XLSX and DOCX: `write_xlsx` / `write_docx` into a temporary file, as the views do.

With --existing-database-url it seeds nothing and drops nothing: it measures the exports of
consultation --consultation in that database as it is (bench/run.py does this on the dataset
of `flask seed-scale`).

Each export runs twice in a fresh forked process, so one export's memory does not hide
another's: once timed, with the process's peak resident memory (`ru_maxrss`, from the fork,
whose start is the parent's memory at that moment), and once under tracemalloc for the peak
of Python allocations (tracemalloc slows Python down, so that run's time is not reported).
"""

import argparse
import json
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.models import DISTRICTS, Role, Sector, User  # noqa: E402
from app.consultations.models import (  # noqa: E402
    Comment,
    CommentResponse,
    Consultation,
    ConsultationKind,
    ConsultationState,
    ResponseDecision,
    Section,
)
from app.extensions import db  # noqa: E402
from app.moderation.models import ModerationStatus  # noqa: E402
from app.proposals.models import Proposal, Stage, Support  # noqa: E402
from app.reports.docx_export import write_docx  # noqa: E402
from app.reports.xlsx_export import write_xlsx  # noqa: E402
from app.staff.exports import csv_chunks, json_chunks  # noqa: E402

CHUNK = 5000
UNUSABLE_HASH = "!bench"  # noqa: S105 (not a hash: no password ever matches)
WORDS = (
    "предлагам срок общината наредбата паркиране живущи зона детски градини велоалея "
    "тротоар дървета прозрачност данни отворени бюджет публично обсъждане район улица "
    "транспорт спирка достъпност хора с увреждания the city should publish the data"
).split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def seed(comments: int, rng: random.Random) -> int:
    """The consultation and everything in it; returns its id."""
    now = datetime.now(UTC).replace(tzinfo=None)
    opens = date.today() - timedelta(days=45)
    closes = opens + timedelta(days=30)
    consultation = Consultation(
        kind=ConsultationKind.NORMATIVE_ACT,
        state=ConsultationState.REPORT_PUBLISHED,
        title_bg="Наредба за изменение на Наредбата за паркирането",
        title_en="Ordinance amending the parking ordinance",
        summary_bg="Зони за паркиране на живущи.",
        summary_en="Residents' parking zones.",
        body_bg="Проект на наредба.",
        body_en="Draft ordinance.",
        opens_on=opens,
        closes_on=closes,
        published_at=now - timedelta(days=50),
        closed_at=now - timedelta(days=14),
        report_published_at=now - timedelta(days=2),
    )
    for i in range(6):
        consultation.sections.append(
            Section(
                position=i,
                heading_bg=f"Член {i + 1}",
                heading_en=f"Article {i + 1}",
                body_bg="Текст.",
                body_en="Text.",
            )
        )
    db.session.add(consultation)
    db.session.flush()
    section_ids = [s.id for s in consultation.sections] + [None]
    cid = consultation.id

    staff = User(
        email="staff@bench.invalid",
        display_name="Служител",
        password_hash=UNUSABLE_HASH,
        role=Role.STAFF,
        sector=Sector.PUBLIC_ADMINISTRATION,
    )
    db.session.add(staff)
    db.session.flush()
    staff_id = staff.id
    db.session.commit()

    sectors = list(Sector)
    districts = [*DISTRICTS, None]
    users = [
        {
            "email": f"person{i}@bench.invalid",
            "display_name": f"Участник {i}",
            "password_hash": UNUSABLE_HASH,
            "role": Role.CITIZEN,
            "sector": sectors[i % len(sectors)],
            "organisation": f"Сдружение {i}" if i % 5 == 0 else None,
            "district": districts[i % len(districts)],
        }
        for i in range(1000)
    ]
    user_ids = db.session.execute(insert(User).returning(User.id), users).scalars().all()
    db.session.commit()

    start = datetime.combine(opens, datetime.min.time())
    period_seconds = int((closes - opens).days * 86400)
    first_id = (db.session.scalar(text("SELECT max(id) FROM comments")) or 0) + 1
    decisions = list(ResponseDecision)
    tops: list[int] = []
    for offset in range(0, comments, CHUNK):
        batch, answers = [], []
        for n in range(offset, min(offset + CHUNK, comments)):
            comment_id = first_id + n
            parent = rng.choice(tops) if tops and rng.random() < 0.1 else None
            if parent is None:
                tops.append(comment_id)
            created = start + timedelta(seconds=rng.randrange(period_seconds))
            batch.append(
                {
                    "id": comment_id,
                    "consultation_id": cid,
                    "section_id": rng.choice(section_ids),
                    "parent_id": parent,
                    "author_id": rng.choice(user_ids),
                    "body": sentence(rng, rng.randint(20, 80)),
                    "language": "bg",
                    "show_name": rng.random() < 0.7,
                    "moderation_status": ModerationStatus.APPROVED,
                    "created_at": created,
                }
            )
            answers.append(
                {
                    "comment_id": comment_id,
                    "decision": decisions[n % len(decisions)],
                    "reason_bg": sentence(rng, rng.randint(10, 30)),
                    "reason_en": sentence(rng, rng.randint(10, 30)),
                    "responded_by_id": staff_id,
                    "created_at": created + timedelta(days=rng.randint(1, 20)),
                }
            )
        db.session.execute(insert(Comment), batch)
        db.session.execute(insert(CommentResponse), answers)
        db.session.commit()

    proposals = [
        {
            "author_id": rng.choice(user_ids),
            "title": sentence(rng, 6),
            "body": sentence(rng, 40),
            "language": "bg",
            "stage": Stage.COLLECTING,
            "moderation_status": ModerationStatus.APPROVED,
            "created_at": start + timedelta(seconds=rng.randrange(period_seconds)),
        }
        for _ in range(300)
    ]
    proposal_ids = db.session.execute(insert(Proposal).returning(Proposal.id), proposals)
    proposal_ids = proposal_ids.scalars().all()
    pairs = rng.sample(range(len(proposal_ids) * len(user_ids)), 20_000)
    supports = [
        {
            "proposal_id": proposal_ids[p // len(user_ids)],
            "user_id": user_ids[p % len(user_ids)],
            "created_at": start + timedelta(seconds=rng.randrange(period_seconds)),
        }
        for p in pairs
    ]
    for offset in range(0, len(supports), CHUNK):
        db.session.execute(insert(Support), supports[offset : offset + CHUNK])
    db.session.commit()
    return cid


# -- one export in a forked process ---------------------------------------------------------
def run_export(fmt: str, consultation: Consultation, lang: str) -> int:
    """Produce the whole export; returns its size in bytes."""
    if fmt in ("csv", "json"):
        chunks = csv_chunks if fmt == "csv" else json_chunks
        return sum(len(chunk.encode("utf-8")) for chunk in chunks(consultation, lang))
    with tempfile.TemporaryFile() as file:
        (write_xlsx if fmt == "xlsx" else write_docx)(consultation, lang, file)
        return file.tell()


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _child(app, cid: int, fmt: str, lang: str, trace: bool, pipe) -> None:
    with app.test_request_context(f"/?lang={lang}"):
        db.engine.dispose(close=False)  # never share the parent's connections
        consultation = db.session.get(Consultation, cid)
        rss_start = _max_rss_mib()
        if trace:
            tracemalloc.start()
        began, cpu_began = time.perf_counter(), time.process_time()
        size = run_export(fmt, consultation, lang)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu_began
        peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
        pipe.send(
            {
                "seconds": seconds,
                "cpu": cpu,
                "size": size,
                "rss_start": rss_start,
                "rss_peak": _max_rss_mib(),
                "py_peak": peak,
            }
        )


def measure(app, cid: int, fmt: str, lang: str, trace: bool) -> dict:
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(app, cid, fmt, lang, trace, send))
    process.start()
    result = receive.recv()
    process.join()
    if process.exitcode:
        raise SystemExit(f"{fmt}: the export process failed ({process.exitcode})")
    return result


# -- the database -----------------------------------------------------------------------------
class ThrowawayDatabase:
    def __init__(self, url: str | None):
        self.url = url
        self.admin = None
        self.name = None
        self.folder = None

    def __enter__(self) -> str:
        if not self.url:
            self.folder = tempfile.TemporaryDirectory(prefix="glas-bench-")
            return f"sqlite:///{self.folder.name}/bench.sqlite3"
        admin_url = make_url(self.url.replace("postgresql://", "postgresql+psycopg://", 1))
        self.name = f"glas_bench_{uuid.uuid4().hex[:10]}"
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        return admin_url.set(database=self.name).render_as_string(hide_password=False)

    def __exit__(self, *exc) -> None:
        if self.folder is not None:
            self.folder.cleanup()
        if self.admin is not None:
            with self.admin.connect() as conn:
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": self.name},
                )
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}"'))
            self.admin.dispose()


class ExistingDatabase:
    """A database used as it is: nothing created, nothing dropped."""

    def __init__(self, url: str):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        self.url = url.replace("postgres://", "postgresql+psycopg://", 1)

    def __enter__(self) -> str:
        return self.url

    def __exit__(self, *exc) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--database-url", help="a PostgreSQL URL (default: a temporary SQLite)")
    parser.add_argument(
        "--existing-database-url",
        help="measure an existing database's consultation (with --consultation) as it is",
    )
    parser.add_argument("--consultation", type=int, help="its id, with --existing-database-url")
    parser.add_argument("--formats", default="csv,json,xlsx,docx")
    parser.add_argument("--lang", default="bg", choices=("bg", "en"))
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the second runs")
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    existing = args.existing_database_url
    if existing and not args.consultation:
        parser.error("--existing-database-url needs --consultation")

    database = ExistingDatabase(existing) if existing else ThrowawayDatabase(args.database_url)
    with database as url:
        upload = tempfile.TemporaryDirectory(prefix="glas-bench-uploads-")
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_FOLDER": upload.name})
        with app.app_context():
            if existing:
                cid, seeded = args.consultation, 0.0
                comments = db.session.scalar(
                    text("SELECT count(*) FROM comments WHERE consultation_id = :c"),
                    {"c": cid},
                )
            else:
                upgrade(revision="heads")
                began = time.perf_counter()
                cid = seed(args.comments, random.Random(args.seed))  # noqa: S311 (test data)
                seeded = time.perf_counter() - began
                comments = args.comments
            db.session.remove()
            db.engine.dispose()
            backend = db.engine.dialect.name
        where = "existing database" if existing else f"seeded in {seeded:.1f} s"
        print(
            f"{backend}: consultation {cid}, {comments:,} comments (+ responses), {where}; "
            f"language {args.lang}; python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
        )
        header = (
            f"{'format':<6} {'time s':>8} {'CPU s':>7} {'size MB':>9} {'RSS start':>10} "
            f"{'RSS peak':>9} {'RSS +':>7} {'py peak':>8}"
        )
        print(header)
        print("-" * len(header))
        results = {}
        for fmt in formats:
            timed = measure(app, cid, fmt, args.lang, trace=False)
            traced = None if args.no_tracemalloc else measure(app, cid, fmt, args.lang, trace=True)
            py_peak = f"{traced['py_peak']:.1f}" if traced else "–"
            results[fmt] = {**timed, "py_peak": traced["py_peak"] if traced else None}
            print(
                f"{fmt:<6} {timed['seconds']:>8.2f} {timed['cpu']:>7.2f} "
                f"{timed['size'] / 1e6:>9.1f} "
                f"{timed['rss_start']:>10.1f} {timed['rss_peak']:>9.1f} "
                f"{timed['rss_peak'] - timed['rss_start']:>7.1f} {py_peak:>8}",
                flush=True,
            )
        print("time: wall clock; CPU: the export process's own CPU time (the database server's")
        print("is not in it). Memory in MiB; RSS = the export process's resident set (ru_maxrss)")
        print("from its fork;", end=" ")
        print("py peak = tracemalloc's peak of Python allocations during the export alone.")
        upload.cleanup()
        if args.json:
            summary = {
                "backend": backend,
                "consultation": cid,
                "comments": comments,
                "lang": args.lang,
                "formats": results,
            }
            Path(args.json).write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
