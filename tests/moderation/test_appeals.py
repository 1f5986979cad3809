from sqlalchemy import func, select

from app.core.mail import sent_messages
from app.extensions import db
from app.moderation.models import Appeal, AppealOutcome, AuditEntry, ModerationStatus, ReasonCode
from app.notifications.models import Notification

from .conftest import PENDING, anchors, flashes, queue_page

APPEAL_TEXT = "Коментарът е по темата: говоря за паркирането в квартала."


def rejected_comment(make, author, moderator, body="Паркирането в Лозенец е невъзможно."):
    comment = make.comment(
        make.consultation(),
        author,
        status=ModerationStatus.REJECTED,
        moderation_reason=ReasonCode.OFF_TOPIC,
        moderated_by_id=moderator.id,
        body=body,
    )
    return comment


def appeal(client, kind, item_id, body=APPEAL_TEXT):
    return client.post(f"/moderation/{kind}/{item_id}/appeal?lang=en", data={"body": body})


def audit_actions():
    return db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()


def test_the_author_appeals_a_rejection_once(client, make, login):
    author, moderator = make.citizen(), make.moderator()
    comment = rejected_comment(make, author, moderator)
    login(author)
    page = client.get(f"/moderation/comment/{comment.id}/appeal?lang=en").get_data(as_text=True)
    assert "Appeal a decision" in page
    assert "Паркирането в Лозенец е невъзможно." in page
    assert "Off topic" in page

    response = appeal(client, "comment", comment.id)

    assert response.status_code == 302
    assert response.headers["Location"] == "/notifications/"
    [row] = db.session.scalars(select(Appeal)).all()
    assert (row.comment_id, row.author_id, row.body) == (comment.id, author.id, APPEAL_TEXT)
    assert (row.original_status, row.original_reason, row.original_moderator_id) == (
        ModerationStatus.REJECTED,
        ReasonCode.OFF_TOPIC,
        moderator.id,
    )
    assert audit_actions() == ["comment.appeal"]

    again = appeal(client, "comment", comment.id, body="Още веднъж, моля ви.")
    assert again.status_code == 302
    assert any(
        "only once" in m or "possible once" in m
        for m in flashes(client.get("/notifications/?lang=en").get_data(as_text=True))
    )
    assert db.session.scalar(select(func.count()).select_from(Appeal)) == 1


def test_an_appeal_needs_10_to_1000_characters_and_keeps_the_text(client, make, login):
    author = make.citizen()
    comment = rejected_comment(make, author, make.moderator())
    login(author)

    short = appeal(client, "comment", comment.id, body="Защо?")
    assert short.status_code == 200
    page = short.get_data(as_text=True)
    assert "An appeal has 10 to 1000 characters." in page
    assert "Защо?" in page
    long = appeal(client, "comment", comment.id, body="а" * 1001)
    assert long.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Appeal)) == 0


def test_only_the_author_appeals_and_only_a_rejection_or_hiding(client, make, login):
    author, other = make.citizen(), make.citizen()
    comment = rejected_comment(make, author, make.moderator())
    pending = make.proposal(author, status=PENDING)
    auto_hidden = make.proposal(
        author,
        status=ModerationStatus.HIDDEN,
        needs_review=True,
        moderation_reason=ReasonCode.SPAM,
    )
    login(other)
    assert appeal(client, "comment", comment.id).status_code == 403
    client.post("/account/logout")
    login(author)
    for item in (pending, auto_hidden):
        assert appeal(client, "proposal", item.id).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Appeal)) == 0
    assert client.get(f"/moderation/comment/{comment.id}/appeal").status_code == 200
    client.post("/account/logout")
    assert appeal(client, "comment", comment.id).status_code == 302  # to log in
    assert db.session.scalar(select(func.count()).select_from(Appeal)) == 0


def test_the_original_moderator_sees_the_appeal_but_another_decides_it(app, client, make, login):
    author, first = make.citizen(), make.moderator()
    comment = rejected_comment(make, author, first)
    author_client = app.test_client()
    login(author, target=author_client)
    appeal(author_client, "comment", comment.id)
    [row] = db.session.scalars(select(Appeal)).all()
    login(first)

    page = queue_page(client, "show=appeals")

    assert anchors(page) == [f"comment-{comment.id}"]
    assert APPEAL_TEXT in page
    assert "another moderator decides this appeal" in page
    assert f"/moderation/appeals/{row.id}/decide" not in page
    refused = client.post(f"/moderation/appeals/{row.id}/decide", data={"outcome": "reverse"})
    assert refused.status_code == 403
    db.session.refresh(comment)
    assert comment.moderation_status is ModerationStatus.REJECTED

    second = app.test_client()
    login(make.moderator(), target=second)
    page = queue_page(second, "show=appeals")
    assert f"/moderation/appeals/{row.id}/decide" in page
    assert "Reverse: publish it" in page


def test_reversing_an_appeal_publishes_and_tells_the_author(app, client, make, login):
    author, first, second = make.citizen(locale="en"), make.moderator(), make.moderator()
    comment = rejected_comment(make, author, first)
    author_client = app.test_client()
    login(author, target=author_client)
    appeal(author_client, "comment", comment.id)
    [row] = db.session.scalars(select(Appeal)).all()
    login(second)

    response = client.post(
        f"/moderation/appeals/{row.id}/decide?show=appeals",
        data={"outcome": "reverse", "note": "Темата е паркирането: уместно."},
    )

    assert response.headers["Location"] == "/moderation/?show=appeals"
    db.session.expire_all()
    assert comment.moderation_status is ModerationStatus.APPROVED
    assert comment.moderated_by_id == second.id
    assert (row.outcome, row.decided_by_id) == (AppealOutcome.REVERSED, second.id)
    public = app.test_client().get(f"/consultations/{comment.consultation_id}")
    assert "Паркирането в Лозенец е невъзможно." in public.get_data(as_text=True)
    assert audit_actions() == ["comment.appeal", "comment.appeal_reversed"]
    notification = db.session.scalar(select(Notification))
    assert notification.kind == "comment.appeal_reversed"
    [mail] = sent_messages()
    assert "Your appeal was accepted" in mail["Subject"]
    assert anchors(queue_page(client)) == []


def test_upholding_needs_an_explanation_and_keeps_the_decision(app, client, make, login):
    author, first = make.citizen(), make.moderator()
    proposal = make.proposal(
        author,
        status=ModerationStatus.HIDDEN,
        moderation_reason=ReasonCode.SPAM,
        moderated_by_id=first.id,
    )
    author_client = app.test_client()
    login(author, target=author_client)
    assert appeal(author_client, "proposal", proposal.id).status_code == 302
    [row] = db.session.scalars(select(Appeal)).all()
    login(make.moderator())

    without = client.post(
        f"/moderation/appeals/{row.id}/decide?lang=en", data={"outcome": "uphold"}
    )
    assert without.status_code == 200, without.headers.get("Location")
    assert "Explain to the author why the decision stands." in without.get_data(as_text=True)

    client.post(
        f"/moderation/appeals/{row.id}/decide",
        data={"outcome": "uphold", "note": "Линкът води към магазин."},
    )

    db.session.expire_all()
    assert proposal.moderation_status is ModerationStatus.HIDDEN
    assert proposal.moderated_by_id == first.id
    assert row.outcome is AppealOutcome.UPHELD
    assert audit_actions() == ["proposal.appeal", "proposal.appeal_upheld"]
    kinds = db.session.scalars(select(Notification.kind)).all()
    assert kinds == ["proposal.appeal_upheld"]
    # Decided once: a second decision comes too late, and no second appeal is possible.
    late = client.post(f"/moderation/appeals/{row.id}/decide", data={"outcome": "reverse"})
    assert late.status_code == 302
    db.session.refresh(proposal)
    assert proposal.moderation_status is ModerationStatus.HIDDEN
    page = author_client.get("/notifications/?lang=en").get_data(as_text=True)
    assert "Appeal this decision" not in page
    assert "Линкът води към магазин." in page


def test_the_notification_of_a_rejection_offers_the_appeal(app, client, make, login):
    author = make.citizen()
    proposal = make.proposal(author, status=PENDING)
    login(make.moderator())
    client.post(
        f"/moderation/proposal/{proposal.id}/decide",
        data={"decision": "reject", "reason": "duplicate"},
    )
    author_client = app.test_client()
    login(author, target=author_client)

    page = author_client.get("/notifications/?lang=en").get_data(as_text=True)

    assert "Appeal this decision" in page
    assert f'href="/moderation/proposal/{proposal.id}/appeal"' in page
    appeal(author_client, "proposal", proposal.id)
    page = author_client.get("/notifications/?lang=en").get_data(as_text=True)
    assert "Appeal this decision" not in page
