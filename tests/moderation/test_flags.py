import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.consultations.models import Comment
from app.extensions import db
from app.moderation.models import AuditEntry, Flag, ModerationStatus, ReasonCode
from app.proposals.models import Proposal

from .conftest import PENDING, anchors, badge


def flags_on(item):
    column = Flag.comment_id if isinstance(item, Comment) else Flag.proposal_id
    return db.session.scalars(select(Flag).where(column == item.id).order_by(Flag.id)).all()


def flag(client, kind, item_id, **data):
    return client.post(f"/moderation/{kind}/{item_id}/flag?lang=en", data=data)


def test_a_participant_reports_a_comment_once(client, make, login):
    consultation = make.consultation()
    comment = make.comment(consultation, make.citizen())
    reporter = make.citizen()
    login(reporter)

    response = flag(client, "comment", comment.id, reason="offensive", note="Обидни думи")

    assert response.status_code == 302
    assert response.headers["Location"] == (
        f"/consultations/{consultation.id}#comment-{comment.id}"
    )
    page = client.get(f"/consultations/{consultation.id}?lang=en").get_data(as_text=True)
    assert "Thank you. A moderator will look at it." in page
    [report] = flags_on(comment)
    assert (report.user_id, report.reason, report.note) == (
        reporter.id,
        ReasonCode.OFFENSIVE,
        "Обидни думи",
    )

    again = flag(client, "comment", comment.id, reason="spam")
    assert again.status_code == 302
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "You have already reported this." in page
    assert len(flags_on(comment)) == 1


def test_one_report_per_account_is_kept_by_the_database(make):
    proposal = make.proposal(make.citizen())
    reporter = make.citizen()
    db.session.add(Flag(user_id=reporter.id, proposal_id=proposal.id, reason=ReasonCode.SPAM))
    db.session.commit()
    db.session.add(Flag(user_id=reporter.id, proposal_id=proposal.id, reason=ReasonCode.OTHER))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert len(flags_on(proposal)) == 1


def test_a_proposal_report_returns_to_the_proposal(client, make, login):
    proposal = make.proposal(make.citizen())
    login(make.citizen())
    response = flag(client, "proposal", proposal.id, reason="duplicate")
    assert response.headers["Location"] == f"/proposals/{proposal.id}"
    assert len(flags_on(proposal)) == 1


def test_nobody_reports_their_own_content(client, make, login):
    author = make.citizen()
    proposal = make.proposal(author)
    login(author)
    flag(client, "proposal", proposal.id, reason="spam")
    assert flags_on(proposal) == []


def test_only_published_content_can_be_reported(client, make, login):
    pending = make.proposal(make.citizen(), status=PENDING)
    login(make.citizen())
    assert flag(client, "proposal", pending.id, reason="spam").status_code == 302
    assert flags_on(pending) == []


def test_a_report_without_a_reason_is_shown_again_with_the_note(client, make, login):
    comment = make.comment(make.consultation(), make.citizen(), body="Спорен текст")
    login(make.citizen())

    response = flag(client, "comment", comment.id, reason="", note="Тук има телефонен номер")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose what is wrong with it." in page
    assert "Тук има телефонен номер" in page
    assert "Спорен текст" in page
    assert flags_on(comment) == []


def test_the_report_page_shows_what_is_reported(client, make, login):
    consultation = make.consultation(title_en="Noise rules")
    comment = make.comment(consultation, make.citizen(), body="Текст за докладване")
    login(make.citizen())
    response = client.get(f"/moderation/comment/{comment.id}/flag?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Report a comment" in page
    assert "Noise rules" in page
    assert "Текст за докладване" in page


def test_a_visitor_must_log_in_to_report(client, make):
    comment = make.comment(make.consultation(), make.citizen())
    response = flag(client, "comment", comment.id, reason="spam")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
    assert flags_on(comment) == []


def test_a_reported_item_waits_in_the_queue_with_its_reasons(client, make, login, report):
    comment = make.comment(make.consultation(), make.citizen(), body="Груб коментар")
    report(comment, make.citizen(), ReasonCode.OFFENSIVE, note="Обижда съседите")
    report(comment, make.citizen(), ReasonCode.OFFENSIVE)
    report(comment, make.citizen(), ReasonCode.PERSONAL_DATA)
    login(make.moderator())

    page = client.get("/moderation/?show=flagged&lang=en").get_data(as_text=True)

    assert anchors(page) == [f"comment-{comment.id}"]
    assert "Reported by 3 people" in page
    assert "Offensive: 2" in page
    assert "Contains personal data: 1" in page
    assert "Обижда съседите" in page
    assert "Груб коментар" in page
    assert badge(page) == 1


def test_hiding_removes_it_from_the_public_but_keeps_the_row(app, client, make, login, report):
    consultation = make.consultation()
    author = make.citizen()
    comment = make.comment(consultation, author, body="Лични данни: 0888 123 456")
    report(comment, make.citizen(), ReasonCode.PERSONAL_DATA)
    report(comment, make.citizen(), ReasonCode.PERSONAL_DATA)
    public_page = f"/consultations/{consultation.id}"
    assert "0888 123 456" in app.test_client().get(public_page).get_data(as_text=True)
    login(make.moderator())

    response = client.post(
        f"/moderation/comment/{comment.id}/decide?show=flagged",
        data={"decision": "hide", "reason": "personal_data", "note": "Телефонен номер"},
    )

    assert response.headers["Location"] == "/moderation/?show=flagged"
    assert "0888 123 456" not in app.test_client().get(public_page).get_data(as_text=True)
    db.session.expire_all()
    kept_row = db.session.get(Comment, comment.id)
    assert kept_row is not None
    assert kept_row.body == "Лични данни: 0888 123 456"
    assert kept_row.moderation_status is ModerationStatus.HIDDEN
    assert kept_row.moderation_reason is ReasonCode.PERSONAL_DATA
    assert all(f.resolved_at is not None for f in flags_on(comment))
    assert anchors(client.get("/moderation/").get_data(as_text=True)) == []
    visitor = app.test_client()
    login(author, target=visitor)
    profile = visitor.get("/account/profile?lang=en").get_data(as_text=True)
    assert "Hidden" in profile
    assert "Contains personal data" in profile


def test_hiding_a_proposal_takes_its_page_down(app, client, make, login, report):
    proposal = make.proposal(make.citizen(), title="Рекламно предложение")
    report(proposal, make.citizen(), ReasonCode.SPAM)
    login(make.moderator())
    client.post(
        f"/moderation/proposal/{proposal.id}/decide", data={"decision": "hide", "reason": "spam"}
    )
    assert app.test_client().get(f"/proposals/{proposal.id}").status_code == 404
    assert db.session.get(Proposal, proposal.id) is not None


def test_keeping_closes_the_reports_and_leaves_it_published(app, client, make, login, report):
    proposal = make.proposal(make.citizen(), title="Спорно, но допустимо")
    report(proposal, make.citizen(), ReasonCode.OFF_TOPIC)
    login(make.moderator())

    response = client.post(f"/moderation/proposal/{proposal.id}/decide", data={"decision": "keep"})

    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.moderation_status is ModerationStatus.APPROVED
    assert all(f.resolved_at is not None for f in flags_on(proposal))
    assert anchors(client.get("/moderation/").get_data(as_text=True)) == []
    page = app.test_client().get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Спорно, но допустимо" in page
    # Keeping twice is a decision that came too late: one audit row.
    client.post(f"/moderation/proposal/{proposal.id}/decide", data={"decision": "keep"})
    keeps = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "proposal.keep")
    assert db.session.scalar(keeps) == 1


def test_a_new_report_after_keeping_brings_it_back(client, make, login, report):
    proposal = make.proposal(make.citizen())
    report(proposal, make.citizen())
    login(make.moderator())
    client.post(f"/moderation/proposal/{proposal.id}/decide", data={"decision": "keep"})
    report(proposal, make.citizen(), ReasonCode.SPAM)
    page = client.get("/moderation/?lang=en").get_data(as_text=True)
    assert anchors(page) == [f"proposal-{proposal.id}"]
    assert "Reported by 1 person" in page
