"""Sessions: a fresh one at login, cookie flags, and logging out everywhere."""

from http.cookies import SimpleCookie

from flask import Flask, session

from app.extensions import db
from config import ProductionConfig

NEW_PASSWORD = "зелени липи по Витошка"


def logged_in(client):
    return client.get("/account/profile").status_code == 200


def test_login_starts_a_fresh_session(client, make):
    user = make.citizen()
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
        before["csrf_token"] = "known-token"
    client.post("/account/login", data={"email": user.email, "password": make.PASSWORD})
    with client.session_transaction() as after:
        assert "planted" not in after
        assert "csrf_token" not in after
        assert after["_user_id"] == str(user.id)


def test_logout_clears_the_session_but_keeps_the_language(client, make, login):
    login(make.citizen())
    client.get("/proposals/?lang=en")
    client.post("/account/logout")
    with client.session_transaction() as kept:
        assert "_user_id" not in kept
        assert kept.get("lang") == "en"
    assert not logged_in(client)


def test_the_session_cookie_is_http_only_and_same_site(client, make):
    user = make.citizen()
    response = client.post("/account/login", data={"email": user.email, "password": make.PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/" in cookie
    assert "Domain" not in cookie


def test_production_uses_a_secure_host_only_cookie():
    app = Flask(__name__)
    app.config.from_object(ProductionConfig)
    app.secret_key = "production-test-key"
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    with app.test_request_context("https://glas.example/"):
        session["x"] = 1
        response = app.make_response("ok")
        app.session_interface.save_session(app, session, response)
    cookie = SimpleCookie(response.headers["Set-Cookie"])
    morsel = cookie["__Host-session"]
    # What browsers require of a __Host- cookie: Secure, Path=/, no Domain.
    assert morsel["secure"]
    assert morsel["httponly"]
    assert morsel["path"] == "/"
    assert not morsel["domain"]


def test_a_password_change_logs_out_every_other_device(client, make, login):
    user = make.citizen()
    phone = client.application.test_client()
    login(user)
    login(user, target=phone)
    assert logged_in(client)
    assert logged_in(phone)

    client.post(
        "/account/security/password",
        data={
            "password-current_password": make.PASSWORD,
            "password-password": NEW_PASSWORD,
            "password-confirm": NEW_PASSWORD,
        },
    )
    assert logged_in(client)  # this device stays logged in
    assert not logged_in(phone)  # the other one must log in again
    with phone.session_transaction() as stale:
        assert "_user_id" not in stale


def test_a_reset_logs_out_every_device(client, make, login):
    from app.auth import tokens

    user = make.citizen()
    login(user)
    other = client.application.test_client()
    other.post(
        f"/account/reset-password/{tokens.reset_token(user)}",
        data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert not logged_in(client)


def test_log_out_everywhere_keeps_only_this_device(client, make, login):
    user = make.citizen()
    laptop = client.application.test_client()
    login(user)
    login(user, target=laptop)
    response = client.post("/account/logout-everywhere")
    assert response.status_code == 302
    assert logged_in(client)
    assert not logged_in(laptop)
    db.session.refresh(user)
    assert user.session_version == 1


def test_a_session_from_before_the_version_was_kept_is_logged_out(client, make, login):
    login(make.citizen())
    with client.session_transaction() as old:
        del old["_sv"]
    assert not logged_in(client)
