from app.auth.models import Role, Sector, User
from app.extensions import db

from .helpers import registration


def test_a_person_registers_and_is_asked_to_confirm_their_address(client):
    response = client.post("/account/register?lang=en", data=registration())
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/register/check-your-email"
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Check your e-mail" in page
    user = db.session.scalar(db.select(User))
    assert user.email == "ana@example.org"
    assert user.sector is Sector.NGO
    assert user.role is Role.CITIZEN
    assert user.district == "lozenets"
    assert user.password_hash.startswith("$argon2id$")
    assert not user.is_verified
    # Not logged in: the account is used after logging in (same outcome as a taken address).
    assert client.get("/account/profile").status_code == 302


def test_a_rejected_registration_keeps_what_was_typed(client):
    response = client.post(
        "/account/register",
        data=registration(confirm="друга парола изобщо", organisation="Софийски университет"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="ana@example.org"' in page
    assert 'value="Ана Петрова"' in page
    assert 'value="Софийски университет"' in page
    assert 'aria-invalid="true"' in page
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_short_passwords_are_refused(client):
    response = client.post(
        "/account/register", data=registration(password="short", confirm="short")
    )
    assert response.status_code == 200
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_login_gives_the_same_answer_for_unknown_email_and_wrong_password(client, make):
    make.citizen(email="known@example.org")
    unknown = client.post(
        "/account/login", data={"email": "nobody@example.org", "password": "x" * 12}
    )
    wrong = client.post("/account/login", data={"email": "known@example.org", "password": "x" * 12})
    assert unknown.status_code == wrong.status_code == 200

    def strip(r):
        page = r.get_data(as_text=True)
        return page.replace("nobody@example.org", "").replace("known@example.org", "")

    assert strip(unknown) == strip(wrong)


def test_login_redirects_only_within_the_site(client, make):
    user = make.citizen()
    for target, expected in [
        ("/proposals/", "/proposals/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
    ]:
        response = client.post(
            f"/account/login?next={target}", data={"email": user.email, "password": make.PASSWORD}
        )
        assert response.status_code == 302
        assert response.headers["Location"] == expected
        client.post("/account/logout")


def test_profile_edit_changes_sector_and_language(client, make, login):
    user = make.citizen()
    login(user)
    response = client.post(
        "/account/profile",
        data={
            "display_name": "Нов",
            "sector": "business",
            "organisation": "ЕТ Пример",
            "district": "",
            "locale": "en",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert '<html lang="en">' in response.get_data(as_text=True)
    db.session.refresh(user)
    assert (user.display_name, user.sector, user.organisation, user.locale) == (
        "Нов",
        Sector.BUSINESS,
        "ЕТ Пример",
        "en",
    )


def test_users_create_command_makes_a_staff_account(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "maria@sofia.bg",
            "--role",
            "staff",
            "--password",
            "a very long password",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.email == "maria@sofia.bg"))
    assert user.role is Role.STAFF
    assert user.is_verified  # an administrator vouches for the address
    assert user.is_staff
    assert not user.can_moderate
