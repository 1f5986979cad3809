from sqlalchemy import func, select

from app.extensions import db
from app.moderation.models import AuditEntry, ModerationStatus, ReasonCode

from .conftest import PENDING, anchors


def audit_rows():
    return db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()


def decide(client, kind, item_id, query="", **data):
    return client.post(f"/moderation/{kind}/{item_id}/decide{query}", data=data)


def test_approving_publishes_a_comment_on_the_consultation_page(app, client, make, login):
    consultation = make.consultation()
    comment = make.comment(
        consultation, make.citizen(), status=PENDING, body="Добавете велоалея по булеварда."
    )
    public_page = f"/consultations/{consultation.id}"
    assert "Добавете велоалея" not in client.get(public_page).get_data(as_text=True)
    moderator = make.moderator()
    login(moderator)

    response = decide(client, "comment", comment.id, decision="approve")

    assert response.status_code == 302
    assert response.headers["Location"] == "/moderation/"
    db.session.refresh(comment)
    assert comment.moderation_status is ModerationStatus.APPROVED
    assert comment.moderated_by_id == moderator.id
    visitor = app.test_client()
    assert "Добавете велоалея" in visitor.get(public_page).get_data(as_text=True)


def test_rejecting_with_a_reason_keeps_it_from_the_public_and_tells_the_author(
    app, client, make, login
):
    consultation = make.consultation()
    author = make.citizen()
    comment = make.comment(consultation, author, status=PENDING, body="Купете евтини часовници.")
    login(make.moderator())

    response = decide(
        client, "comment", comment.id, decision="reject", reason="spam", note="Реклама на магазин"
    )

    assert response.status_code == 302
    db.session.refresh(comment)
    assert comment.moderation_status is ModerationStatus.REJECTED
    assert comment.moderation_reason is ReasonCode.SPAM
    visitor = app.test_client()
    page = visitor.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "евтини часовници" not in page
    login(author, target=visitor)
    profile = visitor.get("/account/profile?lang=en").get_data(as_text=True)
    assert "Rejected" in profile
    assert "Spam or advertising" in profile
    assert "Реклама на магазин" in profile


def test_rejecting_a_proposal_needs_a_reason_and_keeps_the_note(client, make, login):
    proposal = make.proposal(make.citizen(), status=PENDING)
    login(make.moderator())

    response = decide(
        client,
        "proposal",
        proposal.id,
        query="?lang=en",
        decision="reject",
        reason="",
        note="Дублира предложение 12",
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose the reason for this decision." in page
    assert 'aria-invalid="true"' in page
    assert "Дублира предложение 12" in page
    db.session.refresh(proposal)
    assert proposal.moderation_status is PENDING
    assert audit_rows() == []


def test_a_moderator_cannot_decide_on_their_own_content(client, make, login):
    moderator = make.moderator()
    own = make.comment(make.consultation(), moderator, status=PENDING)
    login(moderator)

    page = client.get("/moderation/?lang=en").get_data(as_text=True)
    assert anchors(page) == [f"comment-{own.id}"]
    assert "You cannot moderate your own content." in page
    assert f"/moderation/comment/{own.id}/decide" not in page

    assert decide(client, "comment", own.id, decision="approve").status_code == 403
    db.session.refresh(own)
    assert own.moderation_status is PENDING
    assert audit_rows() == []


def test_an_admin_moderates_too(client, make, login):
    proposal = make.proposal(make.citizen(), status=PENDING)
    login(make.admin())
    assert client.get("/moderation/").status_code == 200
    assert decide(client, "proposal", proposal.id, decision="approve").status_code == 302
    db.session.refresh(proposal)
    assert proposal.moderation_status is ModerationStatus.APPROVED


def test_citizens_and_staff_cannot_moderate(client, make, login):
    comment = make.comment(make.consultation(), make.citizen(), status=PENDING)
    assert client.get("/moderation/").status_code == 302  # visitors are sent to log in
    for user in (make.citizen(), make.staff()):
        login(user)
        assert client.get("/moderation/").status_code == 403
        assert decide(client, "comment", comment.id, decision="approve").status_code == 403
        client.post("/account/logout")
    db.session.refresh(comment)
    assert comment.moderation_status is PENDING


def test_a_decision_that_came_too_late_says_already_decided(app, client, make, login):
    comment = make.comment(make.consultation(), make.citizen(), status=PENDING)
    first, second = make.moderator(), make.moderator()
    other = app.test_client()
    login(first, target=other)
    login(second)
    assert decide(other, "comment", comment.id, decision="approve").status_code == 302

    response = decide(
        client, "comment", comment.id, query="?lang=en", decision="reject", reason="spam"
    )

    assert response.status_code == 302
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Already decided" in page
    db.session.refresh(comment)
    assert comment.moderation_status is ModerationStatus.APPROVED
    assert [row.action for row in audit_rows()] == ["comment.approve"]


def test_after_a_decision_the_queue_keeps_its_tab_and_page(app, client, make, login):
    app.config["PAGE_SIZE"] = 1
    author = make.citizen()
    make.proposal(author, status=PENDING)
    second = make.proposal(author, status=PENDING)
    make.proposal(author, status=PENDING)
    login(make.moderator())
    page = client.get("/moderation/?show=pending&type=proposal&page=2").get_data(as_text=True)
    assert anchors(page) == [f"proposal-{second.id}"]
    assert (
        f"/moderation/proposal/{second.id}/decide?show=pending&amp;type=proposal&amp;page=2" in page
    )

    response = decide(
        client,
        "proposal",
        second.id,
        query="?show=pending&type=proposal&page=2",
        decision="approve",
    )

    assert response.headers["Location"] == "/moderation/?show=pending&type=proposal&page=2"


def test_every_decision_writes_an_audit_row(client, make, login, report):
    author = make.citizen()
    consultation = make.consultation()
    approved = make.comment(consultation, author, status=PENDING)
    rejected = make.proposal(author, status=PENDING)
    hidden = make.comment(consultation, author)
    kept = make.proposal(author)
    report(hidden, make.citizen())
    report(kept, make.citizen())
    moderator = make.moderator()
    login(moderator)

    decide(client, "comment", approved.id, decision="approve")
    decide(client, "proposal", rejected.id, decision="reject", reason="duplicate", note="Виж №3")
    decide(client, "comment", hidden.id, decision="hide", reason="offensive")
    decide(client, "proposal", kept.id, decision="keep")

    rows = [
        (r.actor_id, r.action, r.object_type, r.object_id, r.reason, r.note) for r in audit_rows()
    ]
    assert rows == [
        (moderator.id, "comment.approve", "comment", approved.id, None, None),
        (moderator.id, "proposal.reject", "proposal", rejected.id, "duplicate", "Виж №3"),
        (moderator.id, "comment.hide", "comment", hidden.id, "offensive", None),
        (moderator.id, "proposal.keep", "proposal", kept.id, None, None),
    ]


def test_an_unknown_decision_is_a_bad_request(client, make, login):
    comment = make.comment(make.consultation(), make.citizen(), status=PENDING)
    login(make.moderator())
    assert decide(client, "comment", comment.id, decision="delete").status_code == 400
    assert decide(client, "comment", 9999, decision="approve").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0
