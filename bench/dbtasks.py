"""The benchmark's work inside the database, run by bench/run.py with the app's environment.

    python bench/dbtasks.py targets  STATE.json --cycle-accounts 2000 --burst-accounts 4000 ...
    python bench/dbtasks.py count    STATE.json            # support rows of the bench accounts
    python bench/dbtasks.py restore  STATE.json            # remove them, counters back

It runs in its own process (the environment names the database and the SECRET_KEY the server
uses) so that bench/run.py needs nothing but the standard library.

`targets` picks what the load runs against and writes, for the logged-in phases, one signed
session cookie and CSRF token per account, made in-process as a real login would make them,
so thousands of accounts need no login round trip (and no Argon2 hash) each.
"""

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import g, session  # noqa: E402
from flask_login import login_user  # noqa: E402
from flask_wtf.csrf import generate_csrf  # noqa: E402
from sqlalchemy import delete, func, select, update  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.models import Role, User  # noqa: E402
from app.consultations.models import Comment, Consultation  # noqa: E402
from app.extensions import db  # noqa: E402
from app.moderation.models import ModerationStatus  # noqa: E402
from app.moderation.services import active_suspensions  # noqa: E402
from app.proposals.models import Proposal, Stage, Support  # noqa: E402

# The wrk scripts send this User-Agent from 127.0.0.1: Flask-Login's session protection
# ("basic") hashes address and User-Agent into the session at login and, on a mismatch,
# marks the session not fresh and rewrites the cookie on every response. Signing the
# cookies for the same pair keeps each request what a browser's would be.
USER_AGENT = "glas-bench"
REMOTE_ADDR = "127.0.0.1"
OPEN_STAGES = (Stage.COLLECTING, Stage.THRESHOLD_REACHED)


def session_for(app, user: User) -> tuple[str, str]:
    """The session cookie value and the CSRF form token of `user` logged in now."""
    with app.test_request_context(
        "/", environ_base={"REMOTE_ADDR": REMOTE_ADDR}, headers={"User-Agent": USER_AGENT}
    ):
        session.clear()
        login_user(user)  # the app's user_logged_in handler stores the session version
        session["lang"] = user.locale or "bg"
        # generate_csrf() keeps its token on `g`, which lives in the app context all these
        # request contexts share: without this, every account after the first would get the
        # first one's token and no CSRF secret in its session.
        g.pop(app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
        token = generate_csrf()
        cookie = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    return cookie, token


# -- what the pages are run against -------------------------------------------------------------
def pick_pages() -> dict:
    approved = ModerationStatus.APPROVED
    consultation_id, comments = db.session.execute(
        select(Comment.consultation_id, func.count())
        .join(Consultation, Consultation.id == Comment.consultation_id)
        .where(Comment.moderation_status == approved, Consultation.public_clause())
        .group_by(Comment.consultation_id)
        .order_by(func.count().desc(), Comment.consultation_id)
        .limit(1)
    ).one()
    top_level = select(Comment.id).where(
        Comment.consultation_id == consultation_id,
        Comment.parent_id.is_(None),
        Comment.moderation_status == approved,
    )
    top_count = db.session.scalar(select(func.count()).select_from(top_level.subquery()))
    deep_after = db.session.scalar(
        top_level.order_by(Comment.id).offset(int(top_count * 0.9)).limit(1)
    )
    proposal = db.session.execute(
        select(Proposal.id, Proposal.title)
        .where(Proposal.moderation_status == approved)
        .order_by(Proposal.support_count.desc(), Proposal.id.desc())
        .limit(1)
    ).one()
    words = [w for w in re.findall(r"\w+", proposal.title.lower()) if len(w) >= 5]
    return {
        "consultation_id": consultation_id,
        "consultation_comments": comments,
        "consultation_top_level": top_count,
        "deep_after": deep_after,
        "proposal_id": proposal.id,
        "search_word": max(words, key=len) if words else proposal.title.split()[0].lower(),
    }


def dataset_counts() -> dict:
    return {
        "users": db.session.scalar(select(func.count()).select_from(User)),
        "consultations": db.session.scalar(select(func.count()).select_from(Consultation)),
        "comments": db.session.scalar(select(func.count()).select_from(Comment)),
        "proposals": db.session.scalar(select(func.count()).select_from(Proposal)),
        "supports": db.session.scalar(select(func.count()).select_from(Support)),
    }


def pick_proposals(wanted: int, rng: random.Random) -> list[int]:
    ids = db.session.scalars(
        select(Proposal.id)
        .where(
            Proposal.moderation_status == ModerationStatus.APPROVED,
            Proposal.stage.in_(OPEN_STAGES),
        )
        .order_by(Proposal.id)
    ).all()
    return sorted(rng.sample(ids, min(wanted, len(ids))))


def pick_accounts(wanted: int, proposals: list[int], rng: random.Random) -> list[User]:
    """Verified, active, unsuspended citizens who support none of `proposals` yet."""
    supporters = select(Support.user_id).where(Support.proposal_id.in_(proposals))
    ids = db.session.scalars(
        select(User.id)
        .where(
            User.role == Role.CITIZEN,
            User.email_verified_at.is_not(None),
            User.deleted_at.is_(None),
            User.id.not_in(supporters),
        )
        .order_by(User.id)
    ).all()
    chosen = rng.sample(ids, min(len(ids), wanted + wanted // 10 + 10))
    suspended = set()
    for start in range(0, len(chosen), 1000):
        suspended |= set(active_suspensions(chosen[start : start + 1000]))
    chosen = [i for i in chosen if i not in suspended][:wanted]
    users = []
    for start in range(0, len(chosen), 1000):
        users += db.session.scalars(
            select(User).where(User.id.in_(chosen[start : start + 1000]))
        ).all()
    return sorted(users, key=lambda u: u.id)


def targets(app, state_path: Path, args) -> None:
    rng = random.Random(args.seed)  # noqa: S311 (test data)
    state = {"pages": pick_pages(), "counts": dataset_counts()}
    proposals = pick_proposals(args.proposals, rng)
    state["proposals"] = proposals
    wanted = args.cycle_accounts + args.burst_accounts
    users = pick_accounts(wanted, proposals, rng) if proposals else []
    rng.shuffle(users)
    burst_users = users[: args.burst_accounts]
    cycle_users = users[args.burst_accounts :]
    per_account = min(args.burst_per_account, len(proposals))
    state["cycle_accounts"] = [u.id for u in cycle_users]
    state["burst_accounts"] = [u.id for u in burst_users]
    state["burst_per_account"] = per_account
    state["stages"] = {
        str(pid): [stage.name, reached.isoformat() if reached else None]
        for pid, stage, reached in db.session.execute(
            select(Proposal.id, Proposal.stage, Proposal.threshold_reached_at).where(
                Proposal.id.in_(proposals)
            )
        )
    }
    state["cookie_name"] = app.config["SESSION_COOKIE_NAME"]
    state["user_agent"] = USER_AGENT

    # Lua reads these: "P id id ..." then one "A cookie token [p,p,...]" line per account.
    cycle_file = state_path.with_name(state_path.stem + "-cycle.txt")
    with cycle_file.open("w") as out:
        out.write("P " + " ".join(map(str, proposals)) + "\n")
        for user in cycle_users:
            out.write("A {} {}\n".format(*session_for(app, user)))
    burst_file = state_path.with_name(state_path.stem + "-burst.txt")
    pairs = 0
    state["burst_plan"] = []
    with burst_file.open("w") as out:
        for user in burst_users:
            mine = rng.sample(proposals, per_account)
            pairs += len(mine)
            state["burst_plan"].append([user.id, mine])
            out.write("A {} {} {}\n".format(*session_for(app, user), ",".join(map(str, mine))))
    state["cycle_file"] = str(cycle_file)
    state["burst_file"] = str(burst_file)
    state["burst_pairs"] = pairs
    state_path.write_text(json.dumps(state, indent=1))
    print(json.dumps({k: v for k, v in state.items() if k in ("pages", "counts", "burst_pairs")}))


# -- checks and clean-up ------------------------------------------------------------------
def support_rows(proposals: list[int], accounts: list[int]) -> int:
    total = 0
    for start in range(0, len(accounts), 1000):
        total += db.session.scalar(
            select(func.count())
            .select_from(Support)
            .where(
                Support.proposal_id.in_(proposals),
                Support.user_id.in_(accounts[start : start + 1000]),
            )
        )
    return total


def counter_drift(proposals: list[int]) -> list[dict]:
    """The proposals whose support_count differs from their support rows."""
    rows = (
        select(Support.proposal_id, func.count().label("n"))
        .where(Support.proposal_id.in_(proposals))
        .group_by(Support.proposal_id)
        .subquery()
    )
    found = db.session.execute(
        select(Proposal.id, Proposal.support_count, func.coalesce(rows.c.n, 0))
        .outerjoin(rows, rows.c.proposal_id == Proposal.id)
        .where(Proposal.id.in_(proposals))
    )
    return [
        {"proposal": pid, "counter": stored, "rows": actual}
        for pid, stored, actual in found
        if stored != actual
    ]


def count(state: dict) -> None:
    proposals = state["proposals"]
    print(
        json.dumps(
            {
                "cycle_rows": support_rows(proposals, state["cycle_accounts"]),
                "burst_rows": support_rows(proposals, state["burst_accounts"]),
                "drift": counter_drift(proposals),
            }
        )
    )


def burst_missing(state: dict, out_path: Path) -> None:
    """The burst's pairs with no support row: a file for sending them again (support is
    idempotent), as a browser resends a request its keep-alive connection lost."""
    lines = Path(state["burst_file"]).read_text().splitlines()
    missing = 0
    with out_path.open("w") as out:
        for line, (user_id, mine) in zip(lines, state["burst_plan"], strict=True):
            have = set(
                db.session.scalars(
                    select(Support.proposal_id).where(
                        Support.user_id == user_id, Support.proposal_id.in_(mine)
                    )
                )
            )
            left = [p for p in mine if p not in have]
            if left:
                missing += len(left)
                out.write(" ".join(line.split()[:3] + [",".join(map(str, left))]) + "\n")
    print(json.dumps({"missing": missing, "file": str(out_path)}))


def restore(state: dict) -> None:
    """Take the bench accounts' supports out again and put the counters and stages back."""
    proposals = state["proposals"]
    accounts = state["cycle_accounts"] + state["burst_accounts"]
    removed = 0
    for start in range(0, len(accounts), 1000):
        removed += db.session.execute(
            delete(Support)
            .where(
                Support.proposal_id.in_(proposals),
                Support.user_id.in_(accounts[start : start + 1000]),
            )
            .execution_options(synchronize_session=False)
        ).rowcount
    recount = (
        select(func.count())
        .select_from(Support)
        .where(Support.proposal_id == Proposal.id)
        .scalar_subquery()
    )
    db.session.execute(
        update(Proposal)
        .where(Proposal.id.in_(proposals))
        .values(support_count=recount)
        .execution_options(synchronize_session=False)
    )
    from datetime import datetime

    for pid, (stage, reached) in state["stages"].items():
        db.session.execute(
            update(Proposal)
            .where(Proposal.id == int(pid))
            .values(
                stage=Stage[stage],
                threshold_reached_at=datetime.fromisoformat(reached) if reached else None,
            )
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    print(json.dumps({"removed": removed, "drift": counter_drift(proposals)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("task", choices=("targets", "count", "burst-missing", "restore"))
    parser.add_argument("state", type=Path)
    parser.add_argument("--cycle-accounts", type=int, default=2000)
    parser.add_argument("--burst-accounts", type=int, default=4000)
    parser.add_argument("--burst-per-account", type=int, default=10)
    parser.add_argument("--proposals", type=int, default=128)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    app = create_app()
    with app.app_context():
        if args.task == "targets":
            targets(app, args.state, args)
        elif args.task == "count":
            count(json.loads(args.state.read_text()))
        elif args.task == "burst-missing":
            burst_missing(
                json.loads(args.state.read_text()),
                args.state.with_name(args.state.stem + "-burst-missing.txt"),
            )
        else:
            restore(json.loads(args.state.read_text()))


if __name__ == "__main__":
    main()
