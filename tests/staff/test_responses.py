"""The response workspace: every published comment gets a reasoned decision."""

from app.auth.models import Sector
from app.consultations.models import CommentResponse, ResponseDecision
from app.extensions import db
from app.moderation.models import AuditEntry, ModerationStatus


def workspace(client, c, query=""):
    return client.get(f"/staff/consultations/{c.id}/responses?lang=en{query}").get_data(
        as_text=True
    )


def test_the_workspace_lists_published_comments_and_counts_what_is_left(staff_client, make):
    c = make.consultation("open")
    author = make.citizen(display_name="Иван Иванов", sector=Sector.ACADEMIA)
    make.comment(c, author, body="Да се отвори API за данните.", section_id=c.sections[0].id)
    make.comment(c, author, body="Още един коментар.")
    make.comment(c, author, body="Чака модерация.", status=ModerationStatus.PENDING)
    page = workspace(staff_client, c)
    assert "Да се отвори API за данните." in page
    assert "Иван Иванов" in page
    assert "Academia" in page
    assert "Section 1" in page
    assert "Whole document" in page
    assert "Чака модерация." not in page
    assert "2 comments still need a response." in page


def test_filters_by_section_response_and_decision(staff_client, make, staff):
    c = make.consultation("open")
    author = make.citizen()
    make.comment(c, author, body="По раздела.", section_id=c.sections[1].id)
    whole = make.comment(c, author, body="По целия документ.")
    make.response(whole, staff, decision=ResponseDecision.NOT_ACCEPTED)

    page = workspace(staff_client, c, f"&section={c.sections[1].id}")
    assert "По раздела." in page
    assert "По целия документ." not in page
    page = workspace(staff_client, c, "&section=none")
    assert "По целия документ." in page
    assert "По раздела." not in page
    page = workspace(staff_client, c, "&status=unanswered")
    assert "По раздела." in page
    assert "По целия документ." not in page
    page = workspace(staff_client, c, "&decision=not_accepted")
    assert "По целия документ." in page
    assert "По раздела." not in page
    page = workspace(staff_client, c, "&decision=accepted")
    assert "No published comment matches these filters." in page
    # nonsense in the query string is ignored, not an error
    page = workspace(staff_client, c, "&section=abc&status=x&decision=y")
    assert "По раздела." in page
    assert "По целия документ." in page


def test_the_workspace_is_paginated(staff_client, make, app):
    app.config["PAGE_SIZE"] = 2
    c = make.consultation("open")
    author = make.citizen()
    for i in range(5):
        make.comment(c, author, body=f"Коментар номер {i}")
    first = workspace(staff_client, c)
    assert "Коментар номер 0" in first
    assert "Коментар номер 2" not in first
    assert "Page 1 of 3" in first
    third = workspace(staff_client, c, "&page=3")
    assert "Коментар номер 4" in third


def test_staff_respond_and_return_to_the_same_filtered_page(staff_client, make, staff):
    c = make.consultation("open")
    comment = make.comment(c, make.citizen(), body="Предлагам нощен транспорт.")
    back = f"/staff/consultations/{c.id}/responses?status=unanswered"
    response = staff_client.post(
        f"/staff/comments/{comment.id}/response",
        data={
            f"r{comment.id}-decision": "partly_accepted",
            f"r{comment.id}-reason_bg": "Ще се въведе по две линии.",
            f"r{comment.id}-reason_en": "",
            f"r{comment.id}-next": back,
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"{back}#comment-{comment.id}"
    saved = db.session.scalar(db.select(CommentResponse))
    assert saved.comment_id == comment.id
    assert saved.decision is ResponseDecision.PARTLY_ACCEPTED
    assert saved.reason_bg == "Ще се въведе по две линии."
    assert saved.responded_by_id == staff.id
    entry = db.session.scalar(db.select(AuditEntry))
    assert (entry.action, entry.object_type, entry.object_id, entry.reason) == (
        "comment_response.save",
        "comment_response",
        saved.id,
        "partly_accepted",
    )
    page = workspace(staff_client, c)
    assert "Every published comment has a response." in page
    assert "Ще се въведе по две линии." in page


def test_a_response_without_reasons_is_refused_and_keeps_the_choice(staff_client, make):
    c = make.consultation("open")
    comment = make.comment(c, make.citizen())
    response = staff_client.post(
        f"/staff/comments/{comment.id}/response?lang=en",
        data={f"r{comment.id}-decision": "not_accepted", f"r{comment.id}-reason_bg": "  "},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Give the reasons in at least one language." in page
    assert '<option selected value="not_accepted">' in page
    assert db.session.scalar(db.select(db.func.count()).select_from(CommentResponse)) == 0


def test_an_external_next_is_ignored(staff_client, make):
    c = make.consultation("open")
    comment = make.comment(c, make.citizen())
    response = staff_client.post(
        f"/staff/comments/{comment.id}/response",
        data={
            f"r{comment.id}-decision": "noted",
            f"r{comment.id}-reason_en": "Noted.",
            f"r{comment.id}-next": "https://evil.example/",
        },
    )
    assert response.headers["Location"].startswith(f"/staff/consultations/{c.id}/responses")


def test_a_response_is_edited_until_the_report_is_published(staff_client, make, staff):
    c = make.consultation("closed")
    comment = make.comment(c, make.citizen())
    make.response(comment, staff, decision=ResponseDecision.ACCEPTED)
    page = staff_client.get(f"/staff/comments/{comment.id}/response").get_data(as_text=True)
    assert "Приема се." in page
    staff_client.post(
        f"/staff/comments/{comment.id}/response",
        data={f"r{comment.id}-decision": "noted", f"r{comment.id}-reason_bg": "Взема се предвид."},
    )
    db.session.expire_all()
    assert comment.response.decision is ResponseDecision.NOTED

    c.state = c.state.__class__.REPORT_PUBLISHED
    db.session.commit()
    response = staff_client.post(
        f"/staff/comments/{comment.id}/response?lang=en",
        data={f"r{comment.id}-decision": "accepted", f"r{comment.id}-reason_bg": "Друго."},
    )
    assert response.status_code == 302
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "can no longer be changed" in page
    db.session.expire_all()
    assert comment.response.decision is ResponseDecision.NOTED


def test_only_published_comments_receive_a_response(staff_client, make):
    c = make.consultation("open")
    pending = make.comment(c, make.citizen(), status=ModerationStatus.PENDING)
    assert staff_client.get(f"/staff/comments/{pending.id}/response").status_code == 404
    response = staff_client.post(
        f"/staff/comments/{pending.id}/response",
        data={f"r{pending.id}-decision": "accepted", f"r{pending.id}-reason_bg": "Да."},
    )
    assert response.status_code == 404
    assert db.session.scalar(db.select(db.func.count()).select_from(CommentResponse)) == 0
