"""Abuse resistance: honeypot, minimum fill time, duplicates and links. Bots are refused and
nothing is stored; a person keeps what they typed and is told why."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.consultations.models import Comment
from app.core import antispam
from app.extensions import db
from app.proposals.models import Proposal
from tests.security.conftest import log_in


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def hidden_value(page: str, name: str) -> str:
    return re.search(rf'name="{name}"[^>]*value="([^"]*)"', page).group(1)


def comment_data(body="A careful comment on the draft strategy.", **extra):
    return {"body": body, "language": "en", "section_id": "", **extra}


def registration_data(**extra):
    return {
        "email": "new.person@example.org",
        "display_name": "Нов Човек",
        "password": "a long enough password for us",
        "confirm": "a long enough password for us",
        "sector": "citizen",
        "district": "",
        "locale": "en",
        **extra,
    }


@pytest.fixture
def timed_app(make_app):
    """The minimum fill time switched on (3 s), as in production."""
    return make_app(ANTISPAM_MIN_FILL_SECONDS=3)


def later(seconds):
    """Pretend the clock moved on by `seconds` for the signed form timestamps."""
    real = antispam.seconds_since
    return mock.patch.object(
        antispam,
        "seconds_since",
        lambda token: (lambda s: None if s is None else s + seconds)(real(token)),
    )


# -- honeypot -----------------------------------------------------------------------------
def test_forms_carry_a_honeypot_people_do_not_see(client, make, login):
    consultation = make.consultation()
    pages = [client.get("/account/register?lang=en").get_data(as_text=True)]
    login(make.citizen())
    pages.append(client.get(f"/consultations/{consultation.id}?lang=en").get_data(as_text=True))
    pages.append(client.get("/proposals/new?lang=en").get_data(as_text=True))
    for page in pages:
        trap = re.search(
            r'<div class="visually-hidden"><label for="([^"]+)">([^<]+)</label>'
            r'<input type="text" id="\1" name="website" value="" '
            r'autocomplete="off" tabindex="-1"></div>',
            page,
        )
        assert trap, "no honeypot"
        assert trap.group(2) == "Leave this empty"
        assert 'name="form_started"' in page


def test_every_reply_form_has_its_own_honeypot(client, make, login):
    consultation = make.consultation()
    for n in range(2):
        make.comment(consultation, make.citizen(), body=f"Comment {n}")
    login(make.citizen())
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    ids = re.findall(r'id="(website[^"]*)"', page)
    assert len(ids) == 3
    assert len(set(ids)) == 3


def test_a_filled_honeypot_refuses_registration_and_stores_nothing(client):
    response = client.post("/account/register?lang=en", data=registration_data(website="spam"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "This form could not be accepted" in page
    assert count(User) == 0
    assert "new.person@example.org" in page  # what was typed is still there


def test_a_filled_honeypot_refuses_a_comment(client, make, login):
    consultation = make.consultation()
    login(make.citizen())
    data = comment_data(website="http://spam.example")
    response = client.post(f"/consultations/{consultation.id}/comments?lang=en", data=data)
    assert response.status_code == 200
    assert "This form could not be accepted" in response.get_data(as_text=True)
    assert count(Comment) == 0


def test_a_filled_honeypot_refuses_a_reply(client, make, login):
    consultation = make.consultation()
    parent = make.comment(consultation, make.citizen())
    login(make.citizen())
    data = comment_data(body="A reply from a bot.", parent_id=parent.id, website="x")
    client.post(f"/consultations/{consultation.id}/comments", data=data)
    assert count(Comment) == 1


def test_a_filled_honeypot_refuses_a_proposal(client, make, login):
    login(make.citizen())
    data = {
        "title": "Free Wi-Fi in parks",
        "body": "Every park should have free Wi-Fi for visitors.",
        "language": "en",
        "website": "filled",
    }
    assert client.post("/proposals/new", data=data).status_code == 200
    assert count(Proposal) == 0


# -- minimum fill time --------------------------------------------------------------------
def test_registration_sent_too_fast_is_refused_with_input_kept(timed_app):
    client = timed_app.test_client()
    page = client.get("/account/register?lang=en").get_data(as_text=True)
    data = registration_data(form_started=hidden_value(page, "form_started"))
    response = client.post("/account/register?lang=en", data=data)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Please take a moment and send again." in text
    assert "new.person@example.org" in text
    assert "Нов Човек" in text
    assert count(User) == 0
    # Sent again after a moment (the same form, as the person would): accepted.
    with later(5):
        again = client.post("/account/register", data=data)
    assert again.status_code == 302
    assert count(User) == 1


def test_a_form_without_or_with_a_forged_timestamp_is_refused(timed_app, make):
    consultation = make.consultation()
    client = log_in(timed_app.test_client(), make.citizen())
    url = f"/consultations/{consultation.id}/comments?lang=en"
    for started in (None, "", "forged.token.value", "1700000000"):
        data = comment_data()
        if started is not None:
            data["form_started"] = started
        response = client.post(url, data=data)
        assert response.status_code == 200
        assert "This form could not be accepted" in response.get_data(as_text=True)
    assert count(Comment) == 0


def test_a_token_signed_with_another_key_is_refused(timed_app, make_app, make):
    other = make_app(SECRET_KEY="another key entirely", ANTISPAM_MIN_FILL_SECONDS=3)
    with other.test_request_context():
        foreign = antispam.form_started_token()
    consultation = make.consultation()
    client = log_in(timed_app.test_client(), make.citizen())
    with later(60):
        client.post(
            f"/consultations/{consultation.id}/comments", data=comment_data(form_started=foreign)
        )
    assert count(Comment) == 0


def test_a_comment_after_a_moment_is_accepted(timed_app, make):
    consultation = make.consultation()
    client = log_in(timed_app.test_client(), make.citizen())
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    data = comment_data(form_started=hidden_value(page, "form_started"))
    fast = client.post(f"/consultations/{consultation.id}/comments?lang=en", data=data)
    assert "Please take a moment and send again." in fast.get_data(as_text=True)
    assert "A careful comment on the draft strategy." in fast.get_data(as_text=True)
    assert count(Comment) == 0
    with later(4):
        assert (
            client.post(f"/consultations/{consultation.id}/comments", data=data).status_code == 302
        )
    assert count(Comment) == 1


def test_a_reply_form_timestamp_works_too(timed_app, make):
    consultation = make.consultation()
    parent = make.comment(consultation, make.citizen())
    client = log_in(timed_app.test_client(), make.citizen())
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    reply_box = page[page.index(f'name="parent_id" value="{parent.id}"') :]
    started = hidden_value(reply_box, "form_started")
    data = comment_data(body="A reply after reading.", parent_id=parent.id, form_started=started)
    with later(10):
        assert (
            client.post(f"/consultations/{consultation.id}/comments", data=data).status_code == 302
        )
    assert count(Comment) == 2


def test_the_proposal_form_has_the_fill_time_check(timed_app, make):
    client = log_in(timed_app.test_client(), make.citizen())
    page = client.get("/proposals/new").get_data(as_text=True)
    data = {
        "title": "Benches with sockets",
        "body": "Solar benches where people can charge a phone.",
        "language": "en",
        "form_started": hidden_value(page, "form_started"),
    }
    assert client.post("/proposals/new", data=data).status_code == 200
    assert count(Proposal) == 0
    with later(30):
        assert client.post("/proposals/new", data=data).status_code == 302
    assert count(Proposal) == 1


# -- duplicates and links -------------------------------------------------------------------
def test_the_same_comment_twice_is_refused_as_a_duplicate(client, make, login):
    consultation = make.consultation()
    login(make.citizen())
    url = f"/consultations/{consultation.id}/comments?lang=en"
    assert client.post(url, data=comment_data()).status_code == 302
    # Spacing and case aside, the same text.
    again = comment_data(body="  a careful   COMMENT on the draft strategy. ")
    response = client.post(url, data=again)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "You sent this same text a few minutes ago" in page
    assert "a careful   COMMENT on the draft strategy." in page
    assert count(Comment) == 1


def test_a_duplicate_is_only_a_duplicate_for_a_while_and_for_one_account(client, make, login):
    consultation = make.consultation()
    first, second = make.citizen(), make.citizen()
    old = make.comment(consultation, first, body=comment_data()["body"])
    old.created_at -= timedelta(minutes=11)
    db.session.commit()
    login(first)
    url = f"/consultations/{consultation.id}/comments"
    assert client.post(url, data=comment_data()).status_code == 302
    client.post("/account/logout")
    login(second)
    assert client.post(url, data=comment_data()).status_code == 302
    assert count(Comment) == 3


def test_the_same_proposal_twice_is_refused(client, make, login):
    login(make.citizen())
    data = {
        "title": "More bicycle lanes",
        "body": "Connect the existing bicycle lanes into one network.",
        "language": "en",
    }
    assert client.post("/proposals/new", data=data).status_code == 302
    response = client.post("/proposals/new?lang=en", data={**data, "title": "Bicycle lanes!"})
    assert response.status_code == 200
    assert "You sent this same text a few minutes ago" in response.get_data(as_text=True)
    assert count(Proposal) == 1


@pytest.mark.parametrize(
    ("body", "accepted"),
    [
        ("See https://a.example/1, https://b.example/2 and www.c.example for details.", True),
        (
            "Links: http://a.example http://b.example https://c.example www.d.example/page",
            False,
        ),
    ],
)
def test_more_than_three_links_are_refused(client, make, login, body, accepted):
    consultation = make.consultation()
    login(make.citizen())
    url = f"/consultations/{consultation.id}/comments?lang=en"
    response = client.post(url, data=comment_data(body=body))
    if accepted:
        assert response.status_code == 302
        assert count(Comment) == 1
    else:
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "Please keep to at most 3 links; this text has 4." in page
        assert "www.d.example/page" in page
        assert count(Comment) == 0


def test_the_link_limit_is_configurable(make_app, make):
    app = make_app(ANTISPAM_MAX_LINKS=0)
    consultation = make.consultation()
    client = log_in(app.test_client(), make.citizen())
    data = comment_data(body="One link: https://sofia.bg/page")
    assert client.post(f"/consultations/{consultation.id}/comments", data=data).status_code == 200
    assert count(Comment) == 0


def test_link_counting():
    assert antispam.count_links("no links here, just example.org") == 0
    assert antispam.count_links("http://www.example.org/x") == 1
    assert antispam.count_links("HTTPS://A.EXAMPLE www.b.example") == 2
