"""Submitting a proposal, and who sees it before and after moderation."""

from app.extensions import db
from app.moderation.models import ModerationStatus, ReasonCode
from app.proposals.models import Proposal

BODY = "Предлагам велоалея по бул. Черни връх, отделена от платното.\n\nТака ще е по-безопасно."


def proposal_data(**overrides):
    data = {"title": "Велоалея по Черни връх", "body": BODY, "language": "bg", "category": ""}
    data.update(overrides)
    return data


def test_anonymous_visitor_is_sent_to_login_and_back(client):
    response = client.get("/proposals/new")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
    assert "next=%2Fproposals%2Fnew" in response.headers["Location"]


def test_a_new_proposal_is_pending_and_its_author_sees_it_marked(client, make, login):
    category = make.category(name_bg="Транспорт", name_en="Transport")
    author = make.citizen(display_name="Мария")
    login(author)
    response = client.post("/proposals/new?lang=en", data=proposal_data(category=str(category.id)))
    assert response.status_code == 302
    proposal = db.session.scalar(db.select(Proposal))
    assert response.headers["Location"] == f"/proposals/{proposal.id}"
    assert proposal.moderation_status is ModerationStatus.PENDING
    assert (proposal.author_id, proposal.category_id, proposal.language) == (
        author.id,
        category.id,
        "bg",
    )
    assert proposal.support_count == 0

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your proposal will be published after moderation." in page
    assert "Awaiting moderation" in page
    assert "Велоалея по Черни връх" in page
    assert "<p>Така ще е по-безопасно.</p>" in page
    assert "Мария" in page
    # Not public yet: no support button, not in the list.
    assert "/support" not in page
    assert "Велоалея по Черни връх" not in client.get("/proposals/").get_data(as_text=True)


def test_pending_proposal_is_hidden_from_everyone_but_author_and_moderators(client, make, login):
    author = make.citizen()
    proposal = make.proposal(author, status=ModerationStatus.PENDING, title="Тайно засега")
    url = f"/proposals/{proposal.id}"

    assert client.get(url).status_code == 404
    login(make.citizen())
    assert client.get(url).status_code == 404
    client.post("/account/logout")

    for person in (author, make.moderator(), make.staff()):
        login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert "Тайно засега" in response.get_data(as_text=True)
        client.post("/account/logout")


def test_author_sees_why_a_proposal_was_rejected(client, make, login):
    author = make.citizen()
    proposal = make.proposal(
        author,
        status=ModerationStatus.REJECTED,
        moderation_reason=ReasonCode.DUPLICATE,
        moderation_note="Вече има такова предложение.",
    )
    assert client.get(f"/proposals/{proposal.id}").status_code == 404
    login(author)
    page = client.get(f"/proposals/{proposal.id}?lang=en").get_data(as_text=True)
    assert "Rejected" in page
    assert "Duplicate" in page
    assert "Вече има такова предложение." in page


def test_a_rejected_form_keeps_what_was_typed(client, make, login):
    make.category()
    login(make.citizen())
    response = client.post("/proposals/new", data=proposal_data(title="Аз"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in page
    assert "Предлагам велоалея по бул. Черни връх" in page
    # The category is required once categories exist.
    assert page.count('aria-invalid="true"') == 2
    assert db.session.scalar(db.select(db.func.count()).select_from(Proposal)) == 0


def test_category_is_optional_while_there_are_none(client, make, login):
    login(make.citizen())
    response = client.post(
        "/proposals/new", data={"title": "Без категория", "body": BODY, "language": "en"}
    )
    assert response.status_code == 302
    proposal = db.session.scalar(db.select(Proposal))
    assert proposal.category_id is None
    assert proposal.language == "en"


def test_too_long_body_is_refused(client, make, login):
    login(make.citizen())
    response = client.post("/proposals/new", data=proposal_data(body="а" * 10001))
    assert response.status_code == 200
    assert db.session.scalar(db.select(db.func.count()).select_from(Proposal)) == 0


def test_form_language_defaults_to_the_page_language(client, make, login):
    login(make.citizen())
    assert '<option selected value="en">' in client.get("/proposals/new?lang=en").get_data(
        as_text=True
    )
    assert '<option selected value="bg">' in client.get("/proposals/new?lang=bg").get_data(
        as_text=True
    )


def test_detail_shows_author_category_and_a_deleted_author(client, make):
    category = make.category(name_bg="Паркове", name_en="Parks")
    author = make.citizen(display_name="Иван", organisation="Сдружение Зелена София")
    proposal = make.proposal(author, category_id=category.id, title="Пейки в парка")
    page = client.get(f"/proposals/{proposal.id}?lang=en").get_data(as_text=True)
    assert "Иван (Сдружение Зелена София)" in page
    assert "Parks" in page
    assert "Log in to support" in page

    proposal.author_id = None
    db.session.commit()
    page = client.get(f"/proposals/{proposal.id}?lang=en").get_data(as_text=True)
    assert "Deleted participant" in page


def test_others_can_report_a_published_proposal_but_not_the_author(client, make, login):
    author = make.citizen()
    proposal = make.proposal(author)
    flag_url = f"/moderation/proposal/{proposal.id}/flag"
    login(author)
    assert flag_url not in client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    client.post("/account/logout")
    login(make.citizen())
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f'action="{flag_url}"' in page
    assert 'name="reason"' in page
