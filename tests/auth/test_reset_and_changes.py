"""Forgotten password, changing the password and the e-mail address."""

import time

from app.auth import tokens
from app.extensions import db

from .helpers import body, link_to, mails_to

NEW_PASSWORD = "зелени липи по Витошка"


def test_a_forgotten_password_is_reset_through_the_emailed_link(client, make):
    user = make.citizen(email="ana@example.org", verified=False)
    response = client.post("/account/forgot-password?lang=en", data={"email": "Ana@Example.org "})
    assert response.status_code == 302
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "If an account exists for that address" in page

    (mail,) = mails_to("ana@example.org")
    assert mail["Subject"] == "Задаване на нова парола за „Глас“"
    path = link_to(mail, "/account/reset-password/")
    form = client.get(path + "?lang=en")
    assert form.status_code == 200
    assert form.headers["Referrer-Policy"] == "no-referrer"
    assert "Choose a new password" in form.get_data(as_text=True)

    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/login"
    db.session.refresh(user)
    assert user.is_verified  # the link proved the address too
    assert user.session_version == 1
    assert mails_to("ana@example.org")[-1]["Subject"] == "Паролата ви за „Глас“ е сменена"

    # The old password no longer works, the new one does.
    old = client.post("/account/login", data={"email": user.email, "password": make.PASSWORD})
    assert old.status_code == 200
    new = client.post("/account/login", data={"email": user.email, "password": NEW_PASSWORD})
    assert new.status_code == 302

    # The link worked once: the password hash it was bound to has changed.
    assert client.get(path).status_code == 400


def test_a_reset_link_expires_after_an_hour(client, make, monkeypatch):
    user = make.citizen()
    token = tokens.reset_token(user)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 61 * 60)
    response = client.get(f"/account/reset-password/{token}?lang=en")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The link has expired" in page
    assert 'href="/account/forgot-password"' in page


def test_a_reset_refuses_a_common_password_and_keeps_the_link_usable(client, make):
    user = make.citizen()
    token = tokens.reset_token(user)
    response = client.post(
        f"/account/reset-password/{token}?lang=en",
        data={"password": "password1234", "confirm": "password1234"},
    )
    assert response.status_code == 200
    assert "one of the most common ones" in response.get_data(as_text=True)
    assert client.get(f"/account/reset-password/{token}").status_code == 200


def test_forgot_password_for_an_unknown_address_sends_nothing(client):
    response = client.post("/account/forgot-password", data={"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mails_to("nobody@example.org") == []


def test_changing_the_password_needs_the_current_one(client, make, login):
    user = make.citizen()
    login(user)
    response = client.post(
        "/account/security/password?lang=en",
        data={
            "password-current_password": "not my password at all",
            "password-password": NEW_PASSWORD,
            "password-confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "This is not your current password." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.session_version == 0

    response = client.post(
        "/account/security/password?lang=en",
        data={
            "password-current_password": make.PASSWORD,
            "password-password": NEW_PASSWORD,
            "password-confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    # Still logged in here after the change.
    assert client.get("/account/security").status_code == 200
    assert mails_to(user.email)[-1]["Subject"] == "Your Glas password was changed"


def test_changing_the_email_applies_when_the_new_address_confirms(client, make, login):
    user = make.citizen(email="old@example.org", locale="en")
    login(user)
    response = client.post(
        "/account/security/email?lang=en",
        data={"email-email": "New@Example.org", "email-current_password": make.PASSWORD},
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.email == "old@example.org"  # not yet

    (confirm,) = mails_to("new@example.org")
    assert confirm["Subject"] == "Confirm your new e-mail address for Glas"
    response = client.get(link_to(confirm, "/account/confirm-email/"))
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.email == "new@example.org"
    assert user.is_verified

    (told,) = mails_to("old@example.org")
    assert told["Subject"] == "The e-mail address of your Glas account was changed"
    assert "n***@example.org" in body(told)

    # The confirmation works once: the account's address has changed since.
    assert client.get(link_to(confirm, "/account/confirm-email/")).status_code == 400


def test_changing_the_email_needs_the_password(client, make, login):
    user = make.citizen()
    login(user)
    response = client.post(
        "/account/security/email?lang=en",
        data={"email-email": "new@example.org", "email-current_password": "wrong password!"},
    )
    assert response.status_code == 200
    assert "This is not your current password." in response.get_data(as_text=True)
    assert mails_to("new@example.org") == []


def test_changing_to_a_taken_address_answers_the_same_and_changes_nothing(client, make, login):
    make.citizen(email="taken@example.org")
    user = make.citizen(email="mine@example.org")
    login(user)
    response = client.post(
        "/account/security/email",
        data={"email-email": "taken@example.org", "email-current_password": make.PASSWORD},
    )
    assert response.status_code == 302
    (mail,) = mails_to("taken@example.org")
    assert "/account/confirm-email/" not in body(mail)
    db.session.refresh(user)
    assert user.email == "mine@example.org"


def test_the_security_page_shows_in_both_languages(client, make, login):
    login(make.citizen())
    for lang in ("bg", "en"):
        response = client.get(f"/account/security?lang={lang}")
        assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Change your password" in page
    assert 'href="/account/export.json"' in page
    assert 'href="/account/delete"' in page
    profile = client.get("/account/profile?lang=en").get_data(as_text=True)
    assert 'href="/account/security"' in profile
