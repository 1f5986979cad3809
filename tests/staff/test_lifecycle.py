"""Publishing, returning to draft, closing and publishing the report, from the manage page."""

from datetime import timedelta

from app.consultations.models import ConsultationState, Phase
from app.core.timeutil import local_today
from app.extensions import db
from app.moderation.models import AuditEntry, ModerationStatus

from .helpers import audit_actions


def post_and_follow(client, url):
    response = client.post(url)
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_manage_page_shows_the_overview_and_the_next_step(staff_client, make):
    c = make.consultation("draft", title_bg="Наредба за тротоарите")
    page = staff_client.get(f"/staff/consultations/{c.id}?lang=en").get_data(as_text=True)
    assert "Наредба за тротоарите" not in page  # English page shows the English title
    assert c.title_en in page
    assert f'action="/staff/consultations/{c.id}/publish"' in page
    assert "data-confirm=" in page
    assert "/export.csv" in page
    assert "/export.json" in page
    assert "Section 1" in page


def test_publishing_a_draft_schedules_it_and_is_audited(staff_client, make):
    c = make.consultation("draft", opens_on=local_today() + timedelta(days=3))
    c.closes_on = c.opens_on + timedelta(days=30)
    db.session.commit()
    page = post_and_follow(staff_client, f"/staff/consultations/{c.id}/publish?lang=en")
    assert "The consultation is published." in page
    db.session.refresh(c)
    assert c.state is ConsultationState.PUBLISHED
    assert c.phase is Phase.SCHEDULED
    entry = db.session.scalar(db.select(AuditEntry))
    assert (entry.action, entry.object_type, entry.object_id) == (
        "consultation.publish",
        "consultation",
        c.id,
    )


def test_publishing_a_draft_whose_first_day_passed_is_refused(staff_client, make):
    c = make.consultation("draft")  # opened "yesterday"
    page = post_and_follow(staff_client, f"/staff/consultations/{c.id}/publish?lang=en")
    assert "change the dates before publishing" in page
    db.session.refresh(c)
    assert c.state is ConsultationState.DRAFT
    assert audit_actions() == []


def test_publishing_an_unlawful_period_is_refused_with_the_law_s_words(staff_client, make):
    opens = local_today() + timedelta(days=1)
    c = make.consultation("draft", opens_on=opens, closes_on=opens + timedelta(days=20))
    page = post_and_follow(staff_client, f"/staff/consultations/{c.id}/publish?lang=en")
    assert "needs a stated reason for the exception" in page
    db.session.refresh(c)
    assert c.state is ConsultationState.DRAFT


def test_a_scheduled_consultation_returns_to_draft_but_an_open_one_does_not(staff_client, make):
    scheduled = make.consultation("scheduled")
    page = post_and_follow(staff_client, f"/staff/consultations/{scheduled.id}/unpublish?lang=en")
    assert "draft again" in page
    db.session.refresh(scheduled)
    assert scheduled.state is ConsultationState.DRAFT

    opened = make.consultation("open")
    page = post_and_follow(staff_client, f"/staff/consultations/{opened.id}/unpublish?lang=en")
    assert "Only a consultation that has not opened yet can return to draft." in page
    db.session.refresh(opened)
    assert opened.state is ConsultationState.PUBLISHED
    assert audit_actions() == ["consultation.unpublish"]


def test_closing_early_needs_a_reason_which_is_kept_and_published(staff_client, make):
    c = make.consultation("open")
    response = staff_client.post(
        f"/staff/consultations/{c.id}/close?lang=en", data={"close-reason": ""}
    )
    assert response.status_code == 200
    assert "Closing before the announced last day needs a reason" in response.get_data(as_text=True)
    db.session.refresh(c)
    assert c.state is ConsultationState.PUBLISHED

    reason = "Законът, по който е проектът, беше отменен."
    response = staff_client.post(
        f"/staff/consultations/{c.id}/close", data={"close-reason": reason}
    )
    assert response.status_code == 302
    db.session.refresh(c)
    assert c.state is ConsultationState.CLOSED
    assert c.early_close_reason == reason
    entry = db.session.scalar(db.select(AuditEntry))
    assert (entry.action, entry.note) == ("consultation.close", reason)


def test_the_report_waits_until_every_comment_has_a_response(staff_client, make, staff):
    c = make.consultation("closed")
    citizen = make.citizen()
    answered = make.comment(c, citizen)
    make.response(answered, staff)
    make.comment(c, citizen, body="Без отговор засега.")
    make.comment(c, citizen, status=ModerationStatus.PENDING)  # not published: needs none
    make.comment(c, citizen, status=ModerationStatus.REJECTED)

    page = post_and_follow(staff_client, f"/staff/consultations/{c.id}/publish-report?lang=en")
    assert "1 published comment still has no response" in page
    db.session.refresh(c)
    assert c.phase is Phase.CLOSED
    assert c.report_published_at is None
    assert audit_actions() == []


def test_the_report_is_published_once_all_are_answered(staff_client, make, staff):
    c = make.consultation("closed")
    make.response(make.comment(c, make.citizen()), staff)
    page = post_and_follow(staff_client, f"/staff/consultations/{c.id}/publish-report?lang=en")
    assert "The consultation report is published." in page
    db.session.refresh(c)
    assert c.state is ConsultationState.REPORT_PUBLISHED
    assert c.report_published_at is not None
    assert audit_actions() == ["consultation.publish_report"]


def test_an_open_consultation_cannot_publish_its_report(staff_client, make):
    c = make.consultation("open")
    page = post_and_follow(staff_client, f"/staff/consultations/{c.id}/publish-report?lang=en")
    assert "The report is published after the consultation closes." in page
    db.session.refresh(c)
    assert c.state is ConsultationState.PUBLISHED


def test_refusals_are_translated(staff_client, make):
    c = make.consultation("open")
    page = post_and_follow(staff_client, f"/staff/consultations/{c.id}/publish?lang=bg")
    assert '<html lang="bg">' in page
    assert "flash-error" in page
