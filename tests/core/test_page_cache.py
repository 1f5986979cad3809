"""Anonymous readers share a public page for a few seconds; nobody else ever gets a kept one."""

import pytest

from app.core.page_cache import page_key
from app.extensions import cache


@pytest.fixture
def kept_pages(app):
    app.config["PAGE_CACHE_SECONDS"] = 60
    cache.init_app(app, config={"CACHE_TYPE": "SimpleCache"})
    yield
    cache.clear()
    cache.init_app(app, config={"CACHE_TYPE": "NullCache"})


def test_anonymous_readers_share_a_page_until_it_expires(client, make, kept_pages):
    consultation = make.consultation()
    author = make.citizen()
    make.comment(consultation, author, body="Първият коментар.")
    url = f"/consultations/{consultation.id}"

    first = client.get(url)
    make.comment(consultation, author, body="Вторият коментар.")
    again = client.get(url)

    assert first.headers["X-Glas-Cache"] == "miss"
    assert again.headers["X-Glas-Cache"] == "hit"
    assert "Вторият коментар." not in again.get_data(as_text=True)
    assert again.headers["Content-Security-Policy"]  # security headers on every answer
    # Another language is another page; an expired one is rendered again.
    assert "Вторият коментар." in client.get(f"{url}?lang=en").get_data(as_text=True)
    cache.clear()
    assert "Вторият коментар." in client.get(url).get_data(as_text=True)


def test_logged_in_people_always_get_a_fresh_page(client, make, login, kept_pages):
    consultation = make.consultation()
    author = make.citizen()
    url = f"/consultations/{consultation.id}"
    client.get(url)
    make.comment(consultation, author, body="Нов коментар.")
    login(make.citizen())

    response = client.get(url)

    assert "X-Glas-Cache" not in response.headers
    assert "Нов коментар." in response.get_data(as_text=True)


def test_a_message_for_one_visitor_is_neither_hidden_nor_shared(app, client, make, kept_pages):
    second_client = app.test_client()
    proposal = make.proposal(make.citizen())
    url = f"/proposals/{proposal.id}?lang=en"
    assert second_client.get(url).headers["X-Glas-Cache"] == "miss"

    client.post(f"/proposals/{proposal.id}/support?lang=en")  # not logged in: a message waits
    own = client.get(url).get_data(as_text=True)
    shared = second_client.get(url)

    assert "Log in to support proposals" in own
    assert shared.headers["X-Glas-Cache"] == "hit"
    assert "Log in to support proposals" not in shared.get_data(as_text=True)


def test_a_cache_that_does_not_answer_only_costs_a_rendering(app, client, make):
    app.config["PAGE_CACHE_SECONDS"] = 60
    cache.init_app(
        app, config={"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": "redis://127.0.0.1:1/0"}
    )
    try:
        response = client.get("/")
        assert response.status_code == 200
        assert "X-Glas-Cache" not in response.headers
    finally:
        cache.init_app(app, config={"CACHE_TYPE": "NullCache"})


def test_a_stale_page_is_rendered_again_by_one_request_while_others_get_it_stale(
    app, client, make, kept_pages
):
    consultation = make.consultation()
    author = make.citizen()
    url = f"/consultations/{consultation.id}"
    client.get(url)  # kept
    make.comment(consultation, author, body="Междувременно публикуван.")
    with app.test_request_context(url):
        key = page_key()
    body, mimetype, _fresh_until = cache.get(key)
    cache.set(key, (body, mimetype, 0))  # gone stale
    cache.add(f"{key}:rendering", 1)  # another request is rendering it right now

    stale = client.get(url)
    assert stale.headers["X-Glas-Cache"] == "hit"
    assert "Междувременно публикуван." not in stale.get_data(as_text=True)

    cache.delete(f"{key}:rendering")  # nobody is: this request renders it again
    fresh = client.get(url)
    assert fresh.headers["X-Glas-Cache"] == "miss"
    assert "Междувременно публикуван." in fresh.get_data(as_text=True)
    assert client.get(url).headers["X-Glas-Cache"] == "hit"
