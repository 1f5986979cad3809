"""`flask seed-scale`: a city-sized dataset in an empty database, at a tiny size here."""

import re

import pytest
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.consultations.models import Comment, CommentResponse, Consultation, Phase
from app.core.seed_scale import ScaleData, Sizes, resolve_sizes
from app.extensions import db
from app.moderation.models import AuditEntry, ModerationStatus
from app.notifications.models import Notification
from app.proposals.models import Proposal, Stage, Support

PASSWORD = "a scale test password"
SIZES = {
    "--accounts": 60,
    "--consultations": 7,
    "--comments": 90,
    "--big-consultation-comments": 35,
    "--proposals": 14,
    "--supports": 160,
}
THRESHOLD = 15


def seed_args(seed: int = 7) -> list[str]:
    args = ["seed-scale", "--password", PASSWORD, "--seed", str(seed)]
    for option, value in SIZES.items():
        args += [option, str(value)]
    return args


@pytest.fixture
def seeded(app, runner):
    app.config["SUPPORT_THRESHOLD"] = THRESHOLD
    result = runner.invoke(args=seed_args())
    assert result.exit_code == 0, result.output
    return result.output


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_rows_match_the_options(seeded):
    assert count(User) == SIZES["--accounts"]
    assert count(Consultation) == SIZES["--consultations"]
    assert count(Comment) == SIZES["--comments"]
    assert count(Proposal) == SIZES["--proposals"]
    assert count(Support) == SIZES["--supports"]
    # The summary gives each table's rows and seconds.
    assert re.search(r"^supports +160 +\d+\.\d$", seeded, re.MULTILINE)


def test_the_big_consultation_is_open_with_the_requested_comments(seeded):
    big = db.session.get(Consultation, 1)
    assert big.phase is Phase.OPEN
    assert count(Comment, Comment.consultation_id == big.id) == SIZES["--big-consultation-comments"]
    phases = {c.phase for c in db.session.scalars(select(Consultation))}
    assert phases == set(Phase)


def test_supports_are_unique_and_counted_like_the_app_counts_them(seeded):
    pairs = db.session.execute(select(Support.proposal_id, Support.user_id)).all()
    assert len(set(pairs)) == len(pairs)
    rows = dict(
        db.session.execute(
            select(Support.proposal_id, func.count()).group_by(Support.proposal_id)
        ).all()
    )
    proposals = db.session.scalars(select(Proposal)).all()
    reached = 0
    for proposal in proposals:
        assert proposal.support_count == rows.get(proposal.id, 0)
        if proposal.moderation_status is not ModerationStatus.APPROVED:
            assert proposal.support_count == 0
        if proposal.support_count >= THRESHOLD:
            reached += 1
            assert proposal.stage is Stage.THRESHOLD_REACHED
            assert proposal.threshold_reached_at is not None
        else:
            assert proposal.stage is Stage.COLLECTING
            assert proposal.threshold_reached_at is None
    assert reached  # the skew puts the first proposals over the threshold


def test_moderation_leaves_the_traces_the_app_leaves(seeded):
    decided = count(Comment, Comment.moderated_by_id.is_not(None)) + count(
        Proposal, Proposal.moderated_by_id.is_not(None)
    )
    assert (
        count(AuditEntry, AuditEntry.action.like("comment.%"))
        + count(AuditEntry, AuditEntry.action.like("proposal.%"))
        == decided
    )
    assert count(Notification) == decided
    unanswered = count(
        Comment,
        Comment.consultation.has(Consultation.report_published_at.is_not(None)),
        Comment.moderation_status == ModerationStatus.APPROVED,
        ~Comment.response.has(CommentResponse.id.is_not(None)),
    )
    assert unanswered == 0  # a published report answers every published comment


def test_a_seeded_account_logs_in_and_the_pages_answer(seeded, client):
    citizen = db.session.scalar(select(User).where(User.role == Role.CITIZEN).limit(1))
    response = client.post("/account/login", data={"email": citizen.email, "password": PASSWORD})
    assert response.status_code == 302
    top = db.session.scalar(select(Proposal).order_by(Proposal.support_count.desc()).limit(1))
    word = top.title.split()[0]
    for url in ("/", "/consultations/", "/consultations/1", "/proposals/?sort=supported"):
        assert client.get(url).status_code == 200
    assert client.get(f"/proposals/{top.id}").status_code == 200
    assert top.title in client.get(f"/search?q={word.upper()}").get_data(as_text=True)


def test_a_wrong_password_is_refused(seeded, client):
    citizen = db.session.scalar(select(User).where(User.role == Role.CITIZEN).limit(1))
    response = client.post("/account/login", data={"email": citizen.email, "password": "nope"})
    assert response.status_code != 302


def test_the_app_adds_rows_after_the_seed(seeded, make):
    # The seeded ids were given explicitly: the sequences must have moved past them.
    user = make.user()
    assert user.id > SIZES["--accounts"]


def test_it_refuses_a_database_that_is_not_empty(seeded, runner):
    result = runner.invoke(args=seed_args())
    assert result.exit_code != 0
    assert "not empty" in result.output
    assert count(User) == SIZES["--accounts"]


def test_it_refuses_a_database_with_any_account(runner, make):
    make.user()
    result = runner.invoke(args=seed_args())
    assert result.exit_code != 0
    assert "users" in result.output
    assert count(User) == 1


def test_the_same_seed_gives_the_same_people_and_proposals(app, runner):
    def snapshot():
        users = db.session.execute(
            select(User.email, User.display_name, User.sector, User.district).order_by(User.id)
        ).all()
        proposals = db.session.execute(
            select(Proposal.title, Proposal.support_count).order_by(Proposal.id)
        ).all()
        return users, proposals

    assert runner.invoke(args=seed_args(seed=3)).exit_code == 0
    first = snapshot()
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    assert runner.invoke(args=seed_args(seed=3)).exit_code == 0
    assert snapshot() == first


def test_scale_multiplies_the_defaults_and_an_explicit_count_wins():
    sizes = resolve_sizes(0.01, supports=123)
    assert sizes == Sizes(
        accounts=5_000,
        consultations=6,  # at least one in every phase, however small the scale
        comments=2_500,
        big_consultation_comments=200,
        proposals=300,
        supports=123,
    )


def test_impossible_sizes_are_refused(runner):
    result = runner.invoke(
        args=["seed-scale", "--comments", "5", "--big-consultation-comments", "9"]
    )
    assert result.exit_code != 0
    assert "cannot exceed" in result.output
    too_many = ["--accounts", "10", "--proposals", "1", "--supports", "50", "--comments", "0"]
    result = runner.invoke(args=["seed-scale", *too_many])
    assert result.exit_code != 0
    assert "do not fit" in result.output
    assert count(User) == 0


def test_a_failure_half_way_leaves_the_database_empty(app, runner, monkeypatch):
    def broken(self):
        yield from ()
        raise RuntimeError("disk full")

    monkeypatch.setattr(ScaleData, "supports", broken)
    result = runner.invoke(args=seed_args())
    assert result.exit_code != 0
    assert count(User) == 0
    assert count(Comment) == 0
    monkeypatch.undo()
    result = runner.invoke(args=seed_args())  # so it can simply be run again
    assert result.exit_code == 0, result.output
    assert count(Support) == SIZES["--supports"]
