from datetime import timedelta

import pytest

from app.core.timeutil import utcnow
from app.extensions import db
from app.moderation import figures
from app.moderation.models import Appeal, AppealOutcome, ModerationStatus, ReasonCode, record

from .conftest import PENDING


def submitted(item, days_ago=2, hours=0):
    item.created_at = utcnow() - timedelta(days=days_ago, hours=hours)
    db.session.flush()
    return item


def decided(item, moderator, action, hours, reason=None):
    """A decision on `item`, `hours` after it was submitted."""
    record(moderator, action, item, reason=reason).created_at = item.created_at + timedelta(
        hours=hours
    )


@pytest.fixture
def fixture_data(make):
    """Comments approved 1, 2, 3, 4 and 10 hours after submission (one hidden later);
    proposals decided after 6 and 8 hours; one comment rejected 400 days ago after 100
    hours; one automatic hiding; two appeals, one of them 399 days old."""
    moderator, author = make.moderator(), make.citizen()
    consultation = make.consultation()
    comments = [submitted(make.comment(consultation, author, status=PENDING)) for _ in range(5)]
    for comment, hours in zip(comments, (1, 2, 3, 4, 10), strict=True):
        decided(comment, moderator, "comment.approve", hours)
    decided(comments[3], moderator, "comment.hide", 30, ReasonCode.SPAM)  # later, not counted
    old = submitted(make.comment(consultation, author, status=PENDING), days_ago=400, hours=100)
    decided(old, moderator, "comment.reject", 100, ReasonCode.OFFENSIVE)
    proposals = [submitted(make.proposal(author, status=PENDING)) for _ in range(3)]
    decided(proposals[0], moderator, "proposal.reject", 6, ReasonCode.DUPLICATE)
    decided(proposals[1], moderator, "proposal.approve", 8)
    record(None, "proposal.auto_hide", proposals[2], reason=ReasonCode.SPAM)
    db.session.add_all(
        [
            Appeal(
                proposal_id=proposals[0].id,
                body="Моля, прегледайте отново.",
                author_id=author.id,
                original_status=ModerationStatus.REJECTED,
                outcome=AppealOutcome.REVERSED,
            ),
            Appeal(
                comment_id=old.id,
                body="Моля, прегледайте отново.",
                author_id=author.id,
                original_status=ModerationStatus.REJECTED,
                created_at=utcnow() - timedelta(days=399),
            ),
        ]
    )
    db.session.commit()


def test_percentiles_interpolate_between_ranks():
    assert figures.percentile([], 0.5) is None
    assert figures.percentile([5.0], 0.9) == 5.0
    assert figures.percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert figures.percentile([1.0, 2.0, 3.0, 4.0, 10.0], 0.9) == pytest.approx(7.6)


@pytest.mark.usefixtures("fixture_data")
def test_hours_to_a_decision_by_kind_and_period():
    last_month = figures.figures("30d")
    # Comments: 1, 2, 3, 4, 10 → median 3; p90 at rank 3.6: 4 + 0.6 × (10 − 4) = 7.6.
    assert last_month.latency["comment"].count == 5
    assert last_month.latency["comment"].median == pytest.approx(3)
    assert last_month.latency["comment"].p90 == pytest.approx(7.6)
    # Proposals: 6, 8 → median 7; p90: 6 + 0.9 × 2 = 7.8.
    assert last_month.latency["proposal"].median == pytest.approx(7)
    assert last_month.latency["proposal"].p90 == pytest.approx(7.8)
    # Together: 1, 2, 3, 4, 6, 8, 10 → median 4; p90 at rank 5.4: 8 + 0.4 × 2 = 8.8.
    assert last_month.latency["all"].median == pytest.approx(4)
    assert last_month.latency["all"].p90 == pytest.approx(8.8)

    all_time = figures.figures("all")
    # With the old comment (100 hours): 1, 2, 3, 4, 10, 100 → median 3.5.
    assert all_time.latency["comment"].count == 6
    assert all_time.latency["comment"].median == pytest.approx(3.5)
    assert figures.figures("12m").latency["comment"].count == 5


@pytest.mark.usefixtures("fixture_data")
def test_decisions_by_reason_appeals_and_automatic_hidings():
    last_month = figures.figures("30d")
    counts = {(r.kind, r.verb, r.reason): r.count for r in last_month.decisions}
    assert counts == {
        ("comment", "approve", None): 5,
        ("comment", "hide", ReasonCode.SPAM): 1,
        ("proposal", "approve", None): 1,
        ("proposal", "reject", ReasonCode.DUPLICATE): 1,
        ("proposal", "auto_hide", ReasonCode.SPAM): 1,
    }
    assert last_month.auto_hides == 1
    assert (last_month.appeals.filed, last_month.appeals.reversed, last_month.appeals.open) == (
        1,
        1,
        0,
    )
    all_time = figures.figures("all")
    assert all_time.total("reject", "comment") == 1
    assert (all_time.appeals.filed, all_time.appeals.open) == (2, 1)


@pytest.mark.usefixtures("fixture_data")
def test_the_figures_page_shows_them_to_moderators_and_staff(client, make, login):
    login(make.moderator())
    page = client.get("/moderation/figures?lang=en").get_data(as_text=True)
    assert "Moderation in figures" in page
    row = page.split('id="latency-comment"')[1].split("</tr>")[0]
    assert ">5<" in row
    assert ">3.0<" in row
    assert ">7.6<" in row
    assert "Spam or advertising" in page
    assert "Hidden automatically after reports" in page
    assert 'id="auto-hides">1<' in page
    page = client.get("/moderation/figures?lang=en&period=all").get_data(as_text=True)
    row = page.split('id="latency-comment"')[1].split("</tr>")[0]
    assert ">6<" in row
    assert ">3.5<" in row
    assert client.get("/moderation/figures?lang=bg&period=12m").status_code == 200
    client.post("/account/logout")
    login(make.staff())
    assert client.get("/moderation/figures").status_code == 200
    client.post("/account/logout")
    login(make.citizen())
    assert client.get("/moderation/figures").status_code == 403
