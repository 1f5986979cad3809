from app.extensions import db
from app.moderation.models import Appeal, ModerationStatus, ReasonCode

from .conftest import PENDING, ago, anchors, queue_page, tab_count

HIDDEN = ModerationStatus.HIDDEN
REJECTED = ModerationStatus.REJECTED


def test_the_tabs_show_each_state_with_its_count(client, make, login, report):
    author = make.citizen()
    consultation = make.consultation()
    pending = make.comment(consultation, author, status=PENDING)
    reported = make.proposal(author)
    report(reported, make.citizen())
    unreviewed = make.comment(consultation, author, needs_review=True)
    auto_hidden = make.proposal(
        author, status=HIDDEN, needs_review=True, moderation_reason=ReasonCode.SPAM
    )
    rejected = make.comment(consultation, author, status=REJECTED)
    db.session.add(
        Appeal(
            comment_id=rejected.id,
            author_id=author.id,
            body="Моля, прегледайте отново.",
            original_status=REJECTED,
        )
    )
    db.session.commit()
    make.comment(consultation, author)  # published, reviewed, not reported: not in the queue
    login(make.moderator())

    page = queue_page(client)
    expected = {
        "pending": [f"comment-{pending.id}"],
        "flagged": [f"proposal-{reported.id}"],
        "post_moderated": [f"comment-{unreviewed.id}"],
        "auto_hidden": [f"proposal-{auto_hidden.id}"],
        "appeals": [f"comment-{rejected.id}"],
    }
    assert sorted(anchors(page)) == sorted(sum(expected.values(), []))
    assert tab_count(page, "All") == 5
    for label in (
        "Awaiting moderation",
        "Reported",
        "Published without review",
        "Hidden automatically",
        "Appeals",
    ):
        assert tab_count(page, label) == 1
    for state, shown in expected.items():
        assert anchors(queue_page(client, f"show={state}")) == shown


def test_the_queue_filters_by_type_and_consultation(client, make, login):
    author = make.citizen()
    first, second = make.consultation(), make.consultation(title_en="Bike lanes")
    on_first = make.comment(first, author, status=PENDING)
    on_second = make.comment(second, author, status=PENDING)
    proposal = make.proposal(author, status=PENDING)
    login(make.moderator())

    assert anchors(queue_page(client, "type=proposal")) == [f"proposal-{proposal.id}"]
    assert sorted(anchors(queue_page(client, "type=comment"))) == sorted(
        [f"comment-{on_first.id}", f"comment-{on_second.id}"]
    )
    page = queue_page(client, f"consultation={second.id}")
    assert anchors(page) == [f"comment-{on_second.id}"]
    assert tab_count(page, "All") == 1
    assert f'<option selected value="{second.id}">Bike lanes</option>' in page
    assert anchors(queue_page(client, f"consultation={second.id}&type=proposal")) == []


def test_the_queue_filters_by_reported_reason(client, make, login, report):
    author = make.citizen()
    spam = make.proposal(author)
    report(spam, make.citizen(), ReasonCode.SPAM)
    offensive = make.proposal(author)
    report(offensive, make.citizen(), ReasonCode.OFFENSIVE)
    make.proposal(author, status=PENDING)
    login(make.moderator())

    assert anchors(queue_page(client, "reason=spam")) == [f"proposal-{spam.id}"]
    page = queue_page(client, "show=flagged&reason=offensive")
    assert anchors(page) == [f"proposal-{offensive.id}"]
    assert tab_count(page, "Awaiting moderation") == 0


def test_the_queue_filters_by_how_long_items_wait(client, make, login, report):
    author = make.citizen()
    fresh = make.proposal(author, status=PENDING, created_at=ago(hours=2))
    day_old = make.proposal(author, status=PENDING, created_at=ago(hours=30))
    week_old = make.proposal(author, status=PENDING, created_at=ago(days=8))
    # Reported content waits since its first report, not since it was written.
    old_but_just_reported = make.proposal(author, created_at=ago(days=20))
    report(old_but_just_reported, make.citizen())
    login(make.moderator())

    assert len(anchors(queue_page(client))) == 4
    assert anchors(queue_page(client, "age=24h")) == [
        f"proposal-{week_old.id}",
        f"proposal-{day_old.id}",
    ]
    assert anchors(queue_page(client, "age=3d")) == [f"proposal-{week_old.id}"]
    assert anchors(queue_page(client, "age=7d")) == [f"proposal-{week_old.id}"]
    assert fresh.id not in [int(a.split("-")[1]) for a in anchors(queue_page(client, "age=24h"))]


def test_filters_survive_a_decision(client, make, login):
    author = make.citizen()
    consultation = make.consultation()
    comment = make.comment(consultation, author, status=PENDING, created_at=ago(days=4))
    login(make.moderator())
    query = f"show=pending&type=comment&consultation={consultation.id}&age=3d"
    page = queue_page(client, query)
    action = f"/moderation/comment/{comment.id}/decide?{query.replace('&', '&amp;')}"
    assert action in page

    response = client.post(
        f"/moderation/comment/{comment.id}/decide?{query}", data={"decision": "approve"}
    )

    assert response.headers["Location"] == f"/moderation/?{query}"


def test_each_item_shows_its_authors_record(client, make, login):
    author = make.citizen(display_name="Петър")
    consultation = make.consultation()
    for _ in range(3):
        make.comment(consultation, author)
    make.proposal(author, status=REJECTED)
    make.comment(consultation, author, status=HIDDEN)
    make.comment(consultation, author, status=HIDDEN)
    waiting = make.proposal(author, status=PENDING)
    login(make.moderator())

    page = queue_page(client)

    assert anchors(page) == [f"proposal-{waiting.id}"]
    assert "Author’s record:" in page
    assert "3 published · 1 rejected · 2 hidden" in " ".join(page.split())
    assert f'href="/moderation/accounts/{author.id}"' in page


def test_an_unknown_filter_value_is_ignored(client, make, login):
    proposal = make.proposal(make.citizen(), status=PENDING)
    login(make.moderator())
    page = queue_page(client, "show=nonsense&type=x&consultation=abc&reason=zzz&age=1y")
    assert anchors(page) == [f"proposal-{proposal.id}"]
