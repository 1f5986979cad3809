from sqlalchemy import select

from app.consultations.models import Comment, Consultation
from app.extensions import db
from app.moderation.models import AuditEntry, ModerationMode, ModerationStatus
from tests.staff.helpers import consultation_form

from .conftest import anchors, queue_page, tab_count


def post_comment(client, consultation, body):
    return client.post(
        f"/consultations/{consultation.id}/comments?lang=en",
        data={"body": body, "language": "bg", "show_name": "y"},
    )


def test_a_new_consultation_is_pre_moderated_and_staff_can_choose_post_moderation(
    client, make, login
):
    login(make.staff())
    page = client.get("/staff/consultations/new?lang=en").get_data(as_text=True)
    assert "Moderation of comments" in page
    assert "Post-moderation" in page

    client.post("/staff/consultations/new", data=consultation_form(title_bg="Първа"))
    client.post(
        "/staff/consultations/new",
        data=consultation_form(title_bg="Втора", moderation_mode="post"),
    )

    rows = db.session.execute(select(Consultation.title_bg, Consultation.moderation_mode))
    modes = dict(rows.tuples().all())
    assert modes == {"Първа": ModerationMode.PRE, "Втора": ModerationMode.POST}


def test_the_edit_form_shows_and_changes_the_mode(client, make, login):
    consultation = make.consultation("scheduled", moderation_mode=ModerationMode.POST)
    login(make.staff())
    page = client.get(f"/staff/consultations/{consultation.id}/edit").get_data(as_text=True)
    assert '<option selected value="post">' in page

    data = consultation_form(
        opens_on=consultation.opens_on.isoformat(),
        closes_on=consultation.closes_on.isoformat(),
        moderation_mode="pre",
    )
    response = client.post(f"/staff/consultations/{consultation.id}/edit", data=data)

    assert response.status_code == 302
    db.session.refresh(consultation)
    assert consultation.moderation_mode is ModerationMode.PRE


def test_under_post_moderation_a_comment_is_published_at_once_and_waits_for_review(
    app, client, make, login
):
    consultation = make.consultation(moderation_mode=ModerationMode.POST)
    login(make.citizen())

    response = post_comment(client, consultation, "Публикувано веднага, без преглед.")

    assert response.status_code == 302
    comment = db.session.scalar(select(Comment))
    assert comment.moderation_status is ModerationStatus.APPROVED
    assert comment.needs_review is True
    visitor = app.test_client()
    public = visitor.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Публикувано веднага, без преглед." in public

    moderator_client = app.test_client()
    login(make.moderator(), target=moderator_client)
    page = queue_page(moderator_client, "show=post_moderated")
    assert anchors(page) == [f"comment-{comment.id}"]
    assert "Published without review" in page
    assert "Confirm: keep it published" in page
    assert tab_count(page, "Published without review") == 1
    assert tab_count(page, "Awaiting moderation") == 0


def test_under_pre_moderation_a_comment_waits_unpublished(app, client, make, login):
    consultation = make.consultation()
    login(make.citizen())
    post_comment(client, consultation, "Чака одобрение от модератор.")
    comment = db.session.scalar(select(Comment))
    assert comment.moderation_status is ModerationStatus.PENDING
    assert comment.needs_review is False
    public = app.test_client().get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Чака одобрение от модератор." not in public


def test_confirming_keeps_it_published_and_takes_it_out_of_the_queue(client, make, login):
    consultation = make.consultation(moderation_mode=ModerationMode.POST)
    comment = make.comment(consultation, make.citizen(), needs_review=True)
    moderator = make.moderator()
    login(moderator)

    response = client.post(
        f"/moderation/comment/{comment.id}/decide?show=post_moderated", data={"decision": "keep"}
    )

    assert response.headers["Location"] == "/moderation/?show=post_moderated"
    db.session.refresh(comment)
    assert comment.moderation_status is ModerationStatus.APPROVED
    assert comment.needs_review is False
    assert comment.moderated_by_id == moderator.id
    assert anchors(queue_page(client)) == []
    assert db.session.scalar(select(AuditEntry.action)) == "comment.keep"


def test_hiding_a_post_moderated_comment_takes_it_down(app, client, make, login):
    consultation = make.consultation(moderation_mode=ModerationMode.POST)
    comment = make.comment(
        consultation, make.citizen(), needs_review=True, body="Реклама на пералня"
    )
    login(make.moderator())

    client.post(
        f"/moderation/comment/{comment.id}/decide",
        data={"decision": "hide", "reason": "spam"},
    )

    db.session.refresh(comment)
    assert comment.moderation_status is ModerationStatus.HIDDEN
    assert comment.needs_review is False
    public = app.test_client().get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Реклама на пералня" not in public
    assert anchors(queue_page(client)) == []
