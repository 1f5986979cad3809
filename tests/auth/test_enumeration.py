"""Nothing on the site tells whether an address has an account."""

import re
import time

from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db

from .helpers import body, link_to, mails_to, registration

_CSRF_AND_NONCES = re.compile(r'(value|nonce)="[^"]*"')


def comparable(response, *emails):
    page = response.get_data(as_text=True)
    for email in emails:
        page = page.replace(email, "")
    return response.status_code, response.headers.get("Location"), _CSRF_AND_NONCES.sub("", page)


def test_registering_a_taken_address_looks_like_a_new_registration(client, make):
    owner = make.citizen(email="taken@example.org", display_name="Собственик")
    app = client.application
    first, second = app.test_client(), app.test_client()

    new = first.post("/account/register?lang=en", data=registration(email="fresh@example.org"))
    taken = second.post("/account/register?lang=en", data=registration(email="taken@example.org"))
    assert comparable(new) == comparable(taken)
    assert new.status_code == 302
    after_new = first.get(new.headers["Location"] + "?lang=en")
    after_taken = second.get(taken.headers["Location"] + "?lang=en")
    assert comparable(after_new) == comparable(after_taken)
    assert "already exists" not in after_taken.get_data(as_text=True)

    # No second account; the owner is told, with a way back in.
    assert db.session.scalar(select(func.count()).select_from(User)) == 2
    (mail,) = mails_to("taken@example.org")
    assert mail["Subject"] == "Някой се опита да се регистрира в „Глас“ с вашия адрес"
    assert "Собственик" in body(mail)
    assert link_to(mail, "/account/reset-password/")
    db.session.refresh(owner)
    assert owner.display_name == "Собственик"  # nothing changed


def test_login_answers_alike_for_an_unknown_address_and_a_wrong_password(client, make):
    make.citizen(email="known@example.org")
    unknown = client.post(
        "/account/login?lang=en", data={"email": "nobody@example.org", "password": "x" * 12}
    )
    wrong = client.post(
        "/account/login?lang=en", data={"email": "known@example.org", "password": "x" * 12}
    )
    assert comparable(unknown, "nobody@example.org") == comparable(wrong, "known@example.org")
    assert "The e-mail or the password is not right." in wrong.get_data(as_text=True)


def test_login_takes_about_as_long_for_an_unknown_address(app, make):
    """Both paths run one Argon2 verification with the same parameters."""
    make.citizen(email="known@example.org")
    app.config.update(ARGON2_TIME_COST=2, ARGON2_MEMORY_KIB=16 * 1024, ARGON2_PARALLELISM=1)
    user = db.session.scalar(select(User))
    from app.auth.passwords import hash_password

    user.password_hash = hash_password("the real password")
    db.session.commit()
    client = app.test_client()

    def median(email):
        times = []
        for _ in range(7):
            start = time.perf_counter()
            client.post("/account/login", data={"email": email, "password": "x" * 12})
            times.append(time.perf_counter() - start)
        return sorted(times)[3]

    median("nobody@example.org")  # the dummy hash is made once, on first use
    unknown, wrong = median("nobody@example.org"), median("known@example.org")
    # Without the dummy hash an unknown address answers ~10x faster; allow for a noisy machine.
    assert 0.33 < unknown / wrong < 3.0


def test_password_reset_answers_alike_for_any_address(client, make):
    make.citizen(email="known@example.org")
    app = client.application
    first, second = app.test_client(), app.test_client()
    known = first.post("/account/forgot-password?lang=en", data={"email": "known@example.org"})
    unknown = second.post("/account/forgot-password?lang=en", data={"email": "nobody@example.org"})
    assert comparable(known) == comparable(unknown)
    after_known = first.get(known.headers["Location"] + "?lang=en")
    after_unknown = second.get(unknown.headers["Location"] + "?lang=en")
    assert comparable(after_known) == comparable(after_unknown)
    assert len(mails_to("known@example.org")) == 1
