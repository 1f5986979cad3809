from datetime import date

import pytest
from sqlalchemy import select

from app.consultations import services
from app.consultations.models import Comment
from app.extensions import db
from app.moderation.models import ModerationStatus

from .conftest import PENDING, comment_count, comment_ids


def post(client, consultation, **data):
    return client.post(f"/consultations/{consultation.id}/comments?lang=en", data=data)


def test_a_comment_on_a_section_awaits_moderation_and_only_its_author_sees_it(
    client, make, login, second_client, app
):
    consultation = make.consultation()
    section = consultation.sections[1]
    author = make.citizen()
    login(author)

    response = post(
        client,
        consultation,
        body="Предлагам по-дълъг срок за отговор.",
        section_id=str(section.id),
        language="bg",
        show_name="y",
    )

    comment = db.session.scalar(select(Comment))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/consultations/{consultation.id}#comment-{comment.id}"
    )
    assert comment.moderation_status is ModerationStatus.PENDING
    assert (comment.section_id, comment.author_id, comment.parent_id) == (
        section.id,
        author.id,
        None,
    )
    assert comment.show_name is True
    assert comment.language == "bg"

    own = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you. Your comment will be published after moderation." in own
    assert comment_ids(own) == [comment.id]
    assert "Awaiting moderation" in own

    login(make.citizen(), target=second_client)
    anonymous = app.test_client()
    for other in (second_client, anonymous):
        page = other.get(f"/consultations/{consultation.id}?lang=en").get_data(as_text=True)
        assert "Предлагам по-дълъг срок за отговор." not in page
        assert comment_ids(page) == []


def test_the_name_can_be_kept_out_of_the_report(client, make, login):
    consultation = make.consultation()
    login(make.citizen())
    post(client, consultation, body="Без име в справката, моля.", language="en", section_id="")
    comment = db.session.scalar(select(Comment))
    assert comment.show_name is False
    assert comment.language == "en"
    assert comment.section_id is None


def test_a_reply_to_a_reply_joins_the_thread_of_the_first_comment(client, make, login):
    consultation = make.consultation()
    section = consultation.sections[0]
    someone = make.citizen()
    top = make.comment(consultation, someone, section_id=section.id)
    reply = make.comment(consultation, make.citizen(), parent_id=top.id, section_id=section.id)
    author = make.citizen()
    login(author)

    response = post(client, consultation, body="Съгласен съм с двамата.", parent_id=str(reply.id))

    new = db.session.scalar(select(Comment).where(Comment.author_id == author.id))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#comment-{new.id}")
    assert new.parent_id == top.id
    assert new.section_id == section.id
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    before_replies, replies = page.split('<div class="replies">')
    assert comment_ids(before_replies) == [top.id]
    assert comment_ids(replies) == [reply.id, new.id]


def test_posting_to_a_closed_consultation_is_refused_and_keeps_the_text(client, make, login):
    login(make.citizen())
    for phase in ("closed", "report_published", "scheduled"):
        consultation = make.consultation(phase)
        text = f"Моят текст, написан твърде късно ({phase})."

        response = post(client, consultation, body=text, language="bg")

        page = response.get_data(as_text=True)
        assert response.status_code == 409
        assert text in page
        assert "no longer accepts comments" in page or "has not opened yet" in page
    assert comment_count() == 0


@pytest.mark.parametrize("body", ["Не", "   ", "Дълго " * 1000])
def test_an_invalid_comment_is_shown_again_with_what_was_typed(client, make, login, body):
    consultation = make.consultation()
    login(make.citizen())

    response = post(client, consultation, body=body, language="bg", show_name="y")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"{body.strip()}</textarea>" in page
    assert 'aria-invalid="true"' in page
    assert comment_count() == 0


def test_a_failed_reply_is_shown_again_under_its_comment(client, make, login):
    consultation = make.consultation()
    top = make.comment(consultation, make.citizen())
    login(make.citizen())

    response = post(client, consultation, body="Да", parent_id=str(top.id), language="en")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    box = page[page.index(f'id="reply-body-{top.id}"') :]
    assert box.split("</textarea>")[0].endswith(">Да")
    assert '<details class="reply-box" open>' in page
    assert comment_count() == 1


def test_a_foreign_section_or_an_unpublished_parent_is_refused_with_the_text_kept(
    client, make, login
):
    consultation = make.consultation()
    other = make.consultation()
    pending = make.comment(consultation, make.citizen(), status=PENDING)
    login(make.citizen())

    wrong_section = post(
        client, consultation, body="Текст за чужд раздел.", section_id=str(other.sections[0].id)
    )
    wrong_parent = post(client, consultation, body="Отговор на скрит.", parent_id=str(pending.id))

    assert wrong_section.status_code == 400
    assert "Текст за чужд раздел." in wrong_section.get_data(as_text=True)
    assert "That section is not part of this consultation." in wrong_section.get_data(as_text=True)
    assert wrong_parent.status_code == 400
    assert "Отговор на скрит." in wrong_parent.get_data(as_text=True)
    assert "The comment you replied to is not available." in wrong_parent.get_data(as_text=True)
    assert comment_count() == 1


def test_an_anonymous_visitor_is_sent_to_log_in_and_back(client, make):
    consultation = make.consultation()

    response = post(client, consultation, body="Анонимен коментар.")

    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/account/login?next=")
    assert f"/consultations/{consultation.id}" in location.replace("%2F", "/")
    assert comment_count() == 0
    page = client.get(f"/consultations/{consultation.id}?lang=en").get_data(as_text=True)
    assert "Log in to comment" in page
    assert 'name="body"' not in page


def test_the_form_defaults_to_the_page_language_and_the_chosen_section(client, make, login):
    consultation = make.consultation()
    section = consultation.sections[1]
    login(make.citizen())

    page = client.get(f"/consultations/{consultation.id}?lang=en&section={section.id}").get_data(
        as_text=True
    )

    assert '<option selected value="en">' in page
    assert f'<option selected value="{section.id}">' in page
    assert 'checked id="show_name"' in page


def test_the_author_is_sent_to_the_page_where_the_new_comment_is(app, client, make, login):
    app.config["COMMENTS_PAGE_SIZE"] = 3
    consultation = make.consultation()
    someone = make.citizen()
    for n in range(7):
        make.comment(consultation, someone, body=f"Коментар {n}")
    login(make.citizen())

    response = post(client, consultation, body="Осмият коментар.", language="bg")

    location = response.headers["Location"]
    assert "?before=" in location
    page = client.get(location).get_data(as_text=True)
    assert "Осмият коментар." in page
    # The page ends with the new comment, after the ones that came before it.
    assert "Коментар 6" in page
    assert "Коментар 4" not in page


def test_post_comment_refuses_outside_the_period_whatever_the_caller(make):
    consultation = make.consultation()
    author = make.citizen()
    after = consultation.closes_on.replace(year=consultation.closes_on.year + 1)
    with pytest.raises(services.CommentingClosed):
        services.post_comment(consultation, author, "Твърде късно.", "bg", today=after)
    with pytest.raises(services.CommentingClosed):
        services.post_comment(consultation, author, "Твърде рано.", "bg", today=date(2000, 1, 1))
    comment = services.post_comment(
        consultation, author, "  Навреме.  ", "bg", today=consultation.opens_on
    )
    assert comment.body == "Навреме."
    assert comment.moderation_status is ModerationStatus.PENDING
