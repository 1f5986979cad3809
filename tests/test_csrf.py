"""With CSRF protection on (as in production), a state-changing POST without a token fails."""

import re

import pytest

from app import create_app
from app.auth.models import User
from app.extensions import db


@pytest.fixture
def csrf_client(app):
    protected = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
            "WTF_CSRF_ENABLED": True,
        }
    )
    yield protected.test_client()
    with protected.app_context():
        db.engine.dispose()


def _registration():
    return {
        "email": "csrf@example.org",
        "display_name": "Тест",
        "password": "a long enough password",
        "confirm": "a long enough password",
        "sector": "citizen",
        "district": "",
        "locale": "bg",
    }


def test_post_without_token_is_refused(csrf_client):
    response = csrf_client.post("/account/register", data=_registration())
    assert response.status_code in (200, 400)
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_post_with_the_page_token_is_accepted(csrf_client):
    page = csrf_client.get("/account/register").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = csrf_client.post("/account/register", data={**_registration(), "csrf_token": token})
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1


def test_logout_without_token_is_refused(csrf_client, make):
    user = make.citizen()
    page = csrf_client.get("/account/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    csrf_client.post(
        "/account/login", data={"email": user.email, "password": make.PASSWORD, "csrf_token": token}
    )
    assert csrf_client.post("/account/logout").status_code == 400
    # still logged in: the profile page opens
    assert csrf_client.get("/account/profile").status_code == 200
