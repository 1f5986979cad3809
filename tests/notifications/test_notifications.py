import re

from sqlalchemy import func, select

from app.core.mail import sent_messages
from app.extensions import db
from app.moderation.models import ModerationStatus, ReasonCode
from app.notifications import services
from app.notifications.models import Notification
from app.proposals.models import Stage
from tests.helpers import count_statements

PENDING = ModerationStatus.PENDING


def decide(client, kind, item_id, **data):
    return client.post(f"/moderation/{kind}/{item_id}/decide", data=data)


def unread_badge(page: str) -> int | None:
    match = re.search(r'Notifications <span class="badge" aria-hidden="true">(\d+)</span>', page)
    return int(match.group(1)) if match else None


def test_the_author_reads_the_decision_and_its_reason(app, client, make, login):
    author = make.citizen()
    comment = make.comment(make.consultation(title_en="Noise rules"), author, status=PENDING)
    login(make.moderator())
    decide(client, "comment", comment.id, decision="reject", reason="spam", note="Реклама")
    author_client = app.test_client()
    login(author, target=author_client)

    page = author_client.get("/notifications/?lang=en").get_data(as_text=True)

    assert "Your comment was not published" in page
    assert "On the consultation “Noise rules”" in page
    assert "Reason: Spam or advertising" in page
    assert "Moderator’s note: Реклама" in page
    assert unread_badge(page) == 1
    assert unread_badge(author_client.get("/?lang=en").get_data(as_text=True)) == 1


def test_every_decision_is_notified_and_mailed_in_the_authors_language(app, client, make, login):
    bulgarian = make.citizen(locale="bg")
    english = make.citizen(locale="en")
    first = make.proposal(bulgarian, status=PENDING)
    second = make.proposal(english, status=PENDING)
    login(make.moderator())

    # The moderator works in English; each author is written to in their own language.
    client.get("/moderation/?lang=en")
    decide(client, "proposal", first.id, decision="reject", reason="spam")
    decide(client, "proposal", second.id, decision="reject", reason="spam")

    mails = {m["To"]: m for m in sent_messages()}
    assert set(mails) == {bulgarian.email, english.email}
    bg_body = mails[bulgarian.email].get_content()
    en_body = mails[english.email].get_content()
    assert "Спам или реклама" in bg_body
    assert "Spam or advertising" not in bg_body
    assert "Spam or advertising" in en_body
    assert "Your proposal was not published" in mails[english.email]["Subject"]
    assert f"/moderation/proposal/{second.id}/appeal" in en_body
    assert en_body.count("http://localhost/") >= 2  # links that work from a mail program
    kinds = db.session.scalars(select(Notification.kind)).all()
    assert kinds == ["proposal.reject", "proposal.reject"]


def test_approval_keep_and_hide_are_notified_too(client, make, login, app):
    author = make.citizen()
    consultation = make.consultation()
    approved = make.comment(consultation, author, status=PENDING)
    unreviewed = make.comment(consultation, author, needs_review=True)
    hidden = make.proposal(author)
    login(make.moderator())
    decide(client, "comment", approved.id, decision="approve")
    decide(client, "comment", unreviewed.id, decision="keep")
    decide(client, "proposal", hidden.id, decision="hide", reason="offensive")

    kinds = db.session.scalars(select(Notification.kind).order_by(Notification.id)).all()
    assert kinds == ["comment.approve", "comment.keep", "proposal.hide"]
    assert len(sent_messages()) == 3
    author_client = app.test_client()
    login(author, target=author_client)
    page = author_client.get("/notifications/?lang=en").get_data(as_text=True)
    assert "Your comment is published" in page
    assert f'href="/consultations/{consultation.id}#comment-{approved.id}"' in page


def test_a_staff_answer_to_a_proposal_is_notified(client, make, login):
    author = make.citizen(locale="en")
    proposal = make.proposal(author)
    login(make.staff())

    client.post(
        f"/proposals/{proposal.id}/answer",
        data={"stage": Stage.UNDER_REVIEW.value, "answer_bg": "Разглеждаме го.", "answer_en": ""},
    )

    notification = db.session.scalar(select(Notification))
    assert (notification.user_id, notification.kind, notification.reason) == (
        author.id,
        "proposal.answer",
        "under_review",
    )
    [mail] = sent_messages()
    assert "The City answered your proposal" in mail["Subject"]
    assert "Answer: Under review" in mail.get_content()


def test_a_person_sees_only_their_own_notifications(app, client, make, login):
    author, other = make.citizen(), make.citizen()
    proposal = make.proposal(author, status=PENDING, title="Моето предложение")
    login(make.moderator())
    decide(client, "proposal", proposal.id, decision="approve")
    notification = db.session.scalar(select(Notification))
    other_client = app.test_client()
    login(other, target=other_client)

    page = other_client.get("/notifications/?lang=en").get_data(as_text=True)
    assert "Моето предложение" not in page
    assert "No notifications yet." in page
    assert other_client.post(f"/notifications/{notification.id}/read").status_code == 404
    assert other_client.post("/notifications/9999/read").status_code == 404
    db.session.refresh(notification)
    assert notification.read_at is None


def test_marking_as_read_one_or_all(app, client, make, login):
    author = make.citizen()
    proposals = [make.proposal(author, status=PENDING) for _ in range(3)]
    login(make.moderator())
    for proposal in proposals:
        decide(client, "proposal", proposal.id, decision="approve")
    first = db.session.scalar(select(Notification).order_by(Notification.id))
    author_client = app.test_client()
    login(author, target=author_client)

    response = author_client.post(f"/notifications/{first.id}/read")

    assert response.status_code == 302
    assert response.headers["Location"] == f"/notifications/#notification-{first.id}"
    page = author_client.get("/notifications/?lang=en").get_data(as_text=True)
    assert unread_badge(page) == 2
    author_client.post("/notifications/read-all")
    unread = select(func.count()).select_from(Notification).where(Notification.read_at.is_(None))
    assert db.session.scalar(unread) == 0
    assert unread_badge(author_client.get("/?lang=en").get_data(as_text=True)) is None


def test_notifications_need_an_account(client):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_no_mail_leaves_for_a_decision_that_is_rolled_back(make):
    author = make.citizen()
    proposal = make.proposal(author)
    services.notify_author(proposal, "proposal.hide", reason=ReasonCode.SPAM)
    db.session.rollback()
    db.session.commit()
    assert sent_messages() == []
    services.notify_author(proposal, "proposal.hide", reason=ReasonCode.SPAM)
    db.session.commit()
    assert len(sent_messages()) == 1


def test_the_list_runs_the_same_number_of_statements_for_2_and_20(app, client, make, login):
    author = make.citizen()
    consultation = make.consultation()
    moderator = make.moderator()

    def fill(n):
        for i in range(n):
            if i % 2:
                item = make.comment(consultation, author, status=PENDING)
                item.reject(moderator, ReasonCode.SPAM)
                services.notify_author(item, "comment.reject", reason=ReasonCode.SPAM)
            else:
                item = make.proposal(author, status=PENDING)
                item.approve(moderator)
                services.notify_author(item, "proposal.approve")
        db.session.commit()

    login(author)

    def statements():
        with count_statements() as seen:
            page = client.get("/notifications/").get_data(as_text=True)
        return seen, page

    fill(2)
    few, page = statements()
    assert page.count('class="card notification') == 2
    fill(18)
    many, page = statements()
    assert page.count('class="card notification') == 20
    assert many.count == few.count, f"2 notifications: {few}\n20 notifications: {many}"
