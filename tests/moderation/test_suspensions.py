from datetime import timedelta

import pytest
from flask_babel import force_locale, format_date
from sqlalchemy import func, select

from app.consultations.models import Comment
from app.core.timeutil import local_today, utcnow
from app.extensions import db
from app.moderation import services
from app.moderation.models import AuditEntry, Flag, Suspension
from app.notifications.models import Notification
from app.proposals.models import Proposal, Support

from .conftest import PENDING, anchors, badge, flashes, queue_page


def english_date(app, day) -> str:
    with app.test_request_context(), force_locale("en"):
        return format_date(day, "long")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_moderator_suspends_an_account_with_a_reason_and_a_last_day(app, client, make, login):
    person = make.citizen(display_name="Иван Грубиянов")
    moderator = make.moderator()
    login(moderator)
    last_day = local_today() + timedelta(days=10)
    page = client.get(f"/moderation/accounts/{person.id}?lang=en").get_data(as_text=True)
    assert "Иван Грубиянов" in page
    assert "Never suspended." in page

    response = client.post(
        f"/moderation/accounts/{person.id}?lang=en",
        data={"reason": "Повтарящи се обиди", "until": last_day.isoformat()},
    )

    assert response.status_code == 302
    suspension = db.session.scalar(select(Suspension))
    assert (suspension.user_id, suspension.created_by_id, suspension.reason) == (
        person.id,
        moderator.id,
        "Повтарящи се обиди",
    )
    assert suspension.last_day == last_day
    assert suspension.is_active
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.object_type, entry.object_id, entry.actor_id) == (
        "user.suspend",
        "user",
        person.id,
        moderator.id,
    )
    assert db.session.scalar(select(Notification.kind)) == "user.suspend"
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert f"Suspended until the end of {english_date(app, last_day)}." in page
    audit = client.get("/moderation/audit?lang=en").get_data(as_text=True)
    assert "Account suspended" in audit
    assert english_date(app, last_day) in audit


def test_a_suspension_needs_a_reason_and_a_day_not_in_the_past(client, make, login):
    person = make.citizen()
    login(make.moderator())
    yesterday = local_today() - timedelta(days=1)
    response = client.post(
        f"/moderation/accounts/{person.id}?lang=en",
        data={"reason": "", "until": yesterday.isoformat()},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Give the reason; the person reads it." in page
    assert "The last day of a suspension cannot be in the past." in page
    assert count(Suspension) == 0


def test_staff_accounts_and_ones_own_cannot_be_suspended(client, make, login):
    moderator = make.moderator()
    staff = make.staff()
    login(moderator)
    until = (local_today() + timedelta(days=3)).isoformat()
    for target in (moderator, staff):
        page = client.get(f"/moderation/accounts/{target.id}?lang=en").get_data(as_text=True)
        assert "Suspend the account" not in page
        response = client.post(
            f"/moderation/accounts/{target.id}", data={"reason": "Тест", "until": until}
        )
        assert response.status_code == 403
    assert count(Suspension) == 0


def test_only_moderators_suspend(client, make, login):
    person = make.citizen()
    login(make.staff())
    assert client.get(f"/moderation/accounts/{person.id}").status_code == 403


def test_a_suspended_account_cannot_comment_and_keeps_its_text(app, client, make, login, suspend):
    consultation = make.consultation()
    person = make.citizen()
    suspension = suspend(person, make.moderator())
    login(person)

    response = client.post(
        f"/consultations/{consultation.id}/comments?lang=en",
        data={"body": "Текстът ми не бива да се губи.", "language": "bg"},
    )

    page = response.get_data(as_text=True)
    assert response.status_code in (400, 403)
    assert f"suspended until the end of {english_date(app, suspension.last_day)}" in page
    assert "Текстът ми не бива да се губи." in page
    assert count(Comment) == 0


def test_a_suspended_account_cannot_support_a_proposal(app, client, make, login, suspend):
    proposal = make.proposal(make.citizen())
    person = make.citizen()
    suspension = suspend(person, make.moderator())
    login(person)

    response = client.post(f"/proposals/{proposal.id}/support?lang=en")

    assert response.status_code == 302
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert any(
        f"suspended until the end of {english_date(app, suspension.last_day)}" in m
        for m in flashes(page)
    )
    assert count(Support) == 0
    db.session.refresh(proposal)
    assert proposal.support_count == 0


def test_a_suspended_account_cannot_propose_and_gets_its_text_back(
    app, client, make, login, suspend
):
    person = make.citizen()
    suspension = suspend(person, make.moderator())
    login(person)

    response = client.post(
        "/proposals/new?lang=en",
        data={
            "title": "Пейки в Южния парк",
            "body": "Предлагам повече пейки по алеите.",
            "language": "bg",
            "category": "",
        },
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert f"suspended until the end of {english_date(app, suspension.last_day)}" in page
    assert "Пейки в Южния парк" in page
    assert "Предлагам повече пейки по алеите." in page
    assert count(Proposal) == 0


def test_a_suspended_account_cannot_report_and_keeps_its_note(app, client, make, login, suspend):
    comment = make.comment(make.consultation(), make.citizen())
    person = make.citizen()
    suspension = suspend(person, make.moderator())
    login(person)

    response = client.post(
        f"/moderation/comment/{comment.id}/flag?lang=en",
        data={"reason": "spam", "note": "Реклама на магазин"},
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert f"suspended until the end of {english_date(app, suspension.last_day)}" in page
    assert "Реклама на магазин" in page
    assert count(Flag) == 0


def test_the_service_refuses_a_suspended_reporter_too(make, suspend):
    comment = make.comment(make.consultation(), make.citizen())
    person = make.citizen()
    suspend(person, make.moderator())
    with pytest.raises(services.AccountSuspended):
        services.flag(comment, person, services.ReasonCode.SPAM)
    assert services.is_suspended(person)


def test_pending_items_leave_the_queue_while_suspended_and_come_back_after(
    app, client, make, login, suspend
):
    person, other = make.citizen(), make.citizen()
    consultation = make.consultation()
    hidden_from_queue = make.comment(consultation, person, status=PENDING)
    proposal = make.proposal(person, status=PENDING)
    waiting = make.proposal(other, status=PENDING)
    moderator = make.moderator()
    suspension = suspend(person, moderator)
    login(moderator)

    page = queue_page(client)
    assert anchors(page) == [f"proposal-{waiting.id}"]
    assert badge(page) == 1
    # Kept, not deleted.
    assert db.session.get(Comment, hidden_from_queue.id) is not None

    response = client.post(f"/moderation/suspensions/{suspension.id}/lift")

    assert response.headers["Location"] == f"/moderation/accounts/{person.id}"
    db.session.refresh(suspension)
    assert suspension.lifted_at is not None
    assert suspension.lifted_by_id == moderator.id
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions == ["user.unsuspend"]
    assert sorted(anchors(queue_page(client))) == sorted(
        [f"comment-{hidden_from_queue.id}", f"proposal-{proposal.id}", f"proposal-{waiting.id}"]
    )
    assert not services.is_suspended(person)
    assert db.session.scalar(select(Notification.kind)) == "user.unsuspend"


def test_after_lifting_the_person_can_comment_again(app, client, make, login, suspend):
    consultation = make.consultation()
    person = make.citizen()
    moderator = make.moderator()
    suspension = suspend(person, moderator)
    services.lift_suspension(moderator, suspension)
    db.session.commit()
    login(person)
    response = client.post(
        f"/consultations/{consultation.id}/comments",
        data={"body": "Сега вече мога да пиша.", "language": "bg"},
    )
    assert response.status_code == 302
    assert count(Comment) == 1


def test_an_ended_suspension_no_longer_counts(make, suspend):
    person = make.citizen()
    suspend(person, make.moderator(), starts_at=utcnow() - timedelta(days=10), ends_at=utcnow())
    assert not services.is_suspended(person)
    assert services.active_suspension(person) is None


def test_a_second_suspension_while_one_runs_is_refused(client, make, login, suspend):
    person = make.citizen()
    suspend(person, make.moderator())
    login(make.moderator())
    page = client.get(f"/moderation/accounts/{person.id}?lang=en").get_data(as_text=True)
    assert "Lift the suspension" in page
    response = client.post(
        f"/moderation/accounts/{person.id}?lang=en",
        data={"reason": "Още", "until": (local_today() + timedelta(days=2)).isoformat()},
    )
    assert "already suspended" in response.get_data(as_text=True)
    assert count(Suspension) == 1


def test_the_queue_shows_a_suspended_authors_state_and_links_to_the_account(
    client, make, login, suspend, report
):
    person = make.citizen()
    reported = make.proposal(person)
    report(reported, make.citizen())
    suspend(person, make.moderator())
    login(make.moderator())
    page = queue_page(client)
    # Reported published content stays in the queue: it is public.
    assert anchors(page) == [f"proposal-{reported.id}"]
    assert "suspended until the end of" in page
    assert f'href="/moderation/accounts/{person.id}"' in page
