from sqlalchemy import select

from app.core.mail import sent_messages
from app.extensions import db
from app.moderation.models import AuditEntry, Flag, ModerationStatus, ReasonCode
from app.notifications.models import Notification

from .conftest import anchors, queue_page, tab_count


def flag(client, kind, item_id, reason):
    return client.post(f"/moderation/{kind}/{item_id}/flag?lang=en", data={"reason": reason})


def reported_by(app, login, make, item, kind, reasons):
    """Each reason is reported by a different account, through the report form."""
    for reason in reasons:
        reporter = app.test_client()
        login(make.citizen(), target=reporter)
        assert flag(reporter, kind, item.id, reason).status_code == 302


def test_three_distinct_accounts_hide_a_comment_automatically(app, client, make, login):
    consultation = make.consultation()
    author = make.citizen(locale="en")
    comment = make.comment(consultation, author, body="Обидни думи за съседите")

    reported_by(app, login, make, comment, "comment", ["offensive", "spam", "offensive"])

    db.session.expire_all()
    assert comment.moderation_status is ModerationStatus.HIDDEN
    assert comment.moderation_reason is ReasonCode.OFFENSIVE  # the most common reason
    assert comment.moderation_note == "Hidden automatically after 3 reports."
    assert comment.moderated_by_id is None
    assert comment.needs_review is True
    public = app.test_client().get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Обидни думи за съседите" not in public
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "comment.auto_hide"))
    assert (entry.actor_id, entry.object_id, entry.reason) == (None, comment.id, "offensive")
    # The reports stay open for the moderator to read.
    assert all(f.resolved_at is None for f in db.session.scalars(select(Flag)))
    notification = db.session.scalar(select(Notification))
    assert (notification.user_id, notification.kind) == (author.id, "comment.auto_hide")
    [mail] = sent_messages()
    assert mail["To"] == author.email
    assert "hidden after several reports" in mail["Subject"]


def test_two_reports_do_not_hide_it(app, make, login):
    proposal = make.proposal(make.citizen())
    reported_by(app, login, make, proposal, "proposal", ["spam", "spam"])
    db.session.expire_all()
    assert proposal.moderation_status is ModerationStatus.APPROVED
    assert db.session.scalar(select(AuditEntry)) is None


def test_the_threshold_is_a_setting(app, make, login):
    app.config["FLAG_HIDE_THRESHOLD"] = 2
    proposal = make.proposal(make.citizen())
    reported_by(app, login, make, proposal, "proposal", ["spam", "duplicate"])
    db.session.expire_all()
    assert proposal.moderation_status is ModerationStatus.HIDDEN
    # A tie: the reason given first.
    assert proposal.moderation_reason is ReasonCode.SPAM


def test_reports_closed_by_keeping_do_not_count_again(app, client, make, login, report):
    proposal = make.proposal(make.citizen())
    report(proposal, make.citizen())
    report(proposal, make.citizen())
    login(make.moderator())
    client.post(f"/moderation/proposal/{proposal.id}/decide", data={"decision": "keep"})

    reported_by(app, login, make, proposal, "proposal", ["spam"])

    db.session.expire_all()
    assert proposal.moderation_status is ModerationStatus.APPROVED


def test_an_auto_hidden_item_waits_in_the_queue_and_can_be_restored(
    app, client, make, login, report
):
    consultation = make.consultation()
    author = make.citizen()
    comment = make.comment(consultation, author, body="Спорно, но допустимо мнение")
    reported_by(app, login, make, comment, "comment", ["off_topic"] * 3)
    moderator = make.moderator()
    login(moderator)

    page = queue_page(client, "show=auto_hidden")
    assert anchors(page) == [f"comment-{comment.id}"]
    assert "Hidden automatically" in page
    assert "Reported by 3 people" in page
    assert "Restore: publish it again" in page
    assert tab_count(page, "Hidden automatically") == 1

    response = client.post(
        f"/moderation/comment/{comment.id}/decide?show=auto_hidden", data={"decision": "restore"}
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert comment.moderation_status is ModerationStatus.APPROVED
    assert comment.needs_review is False
    assert comment.moderated_by_id == moderator.id
    assert all(f.resolved_at is not None for f in db.session.scalars(select(Flag)))
    public = app.test_client().get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Спорно, но допустимо мнение" in public
    assert anchors(queue_page(client)) == []
    kinds = db.session.scalars(select(Notification.kind).order_by(Notification.id)).all()
    assert kinds == ["comment.auto_hide", "comment.restore"]


def test_a_moderator_confirms_an_automatic_hiding_with_a_reason(app, client, make, login):
    proposal = make.proposal(make.citizen(), title="Купете часовници")
    reported_by(app, login, make, proposal, "proposal", ["spam"] * 3)
    moderator = make.moderator()
    login(moderator)
    page = queue_page(client)
    assert "Keep it hidden" in page
    # The form offers the reason the reporters gave.
    assert '<option selected value="spam">' in page

    client.post(
        f"/moderation/proposal/{proposal.id}/decide",
        data={"decision": "hide", "reason": "spam", "note": "Реклама"},
    )

    db.session.expire_all()
    assert proposal.moderation_status is ModerationStatus.HIDDEN
    assert proposal.needs_review is False
    assert proposal.moderated_by_id == moderator.id
    assert proposal.moderation_note == "Реклама"
    assert anchors(queue_page(client)) == []
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["proposal.auto_hide", "proposal.hide"]


def test_the_audit_log_shows_the_platform_as_the_actor_of_an_automatic_hiding(
    app, client, make, login
):
    proposal = make.proposal(make.citizen())
    reported_by(app, login, make, proposal, "proposal", ["spam"] * 3)
    login(make.moderator())
    page = client.get("/moderation/audit?lang=en").get_data(as_text=True)
    assert "Proposal hidden automatically after reports" in page
    assert "Glas (automatic)" in page
