"""The N+1 guard (app/core/lazyload_guard.py): a loop of lazy loads raises, eager loads do not."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.consultations.models import Comment
from app.core.lazyload_guard import LazyLoadLoop
from app.extensions import db


@pytest.fixture
def comments(make):
    """Three comments by three authors, and an empty session: nothing is loaded yet."""
    consultation = make.consultation()
    for _ in range(3):
        make.comment(consultation, make.citizen())
    db.session.expunge_all()


def all_comments(*options):
    return db.session.scalars(select(Comment).options(*options).order_by(Comment.id)).all()


def test_the_testing_config_switches_it_on(app):
    assert app.config["GLAS_RAISE_ON_LAZY_LOOP"] is True


def test_a_loop_that_lazy_loads_a_relationship_raises_naming_it_and_the_endpoint(
    app, client, comments
):
    @app.get("/_test/loop")
    def loop():
        return ", ".join(comment.author.display_name for comment in all_comments())

    with pytest.raises(LazyLoadLoop, match=r"Comment\.author .* endpoint 'loop' \(GET /_test/loop"):
        client.get("/_test/loop")


@pytest.mark.parametrize(
    "option",
    [joinedload(Comment.author), selectinload(Comment.author)],
    ids=["joinedload", "selectinload"],
)
def test_the_same_loop_with_the_relationship_eager_loaded_passes(app, client, comments, option):
    @app.get("/_test/eager")
    def eager():
        return ", ".join(comment.author.display_name for comment in all_comments(option))

    response = client.get("/_test/eager")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("Person") == 3


def test_one_lazy_load_of_one_objects_relationship_is_allowed(app, client, comments):
    @app.get("/_test/one")
    def one():
        first = all_comments()[0]
        # Two different relationships, each loaded once: no loop.
        return f"{first.author.display_name} on {first.consultation.title_en}"

    response = client.get("/_test/one")
    assert response.status_code == 200
    assert "Person" in response.get_data(as_text=True)


def test_it_counts_per_request(app, client, comments):
    @app.get("/_test/first")
    def first():
        return all_comments()[0].author.display_name

    assert client.get("/_test/first").status_code == 200
    db.session.expunge_all()
    assert client.get("/_test/first").status_code == 200


def test_outside_a_request_it_does_not_interfere(app, comments):
    # Scripts, the CLI and the tests themselves loop as they like.
    assert len({comment.author.id for comment in all_comments()}) == 3


def test_with_the_flag_off_a_loop_only_costs_queries(app, client, comments):
    app.config["GLAS_RAISE_ON_LAZY_LOOP"] = False

    @app.get("/_test/loop")
    def loop():
        return ", ".join(comment.author.display_name for comment in all_comments())

    assert client.get("/_test/loop").get_data(as_text=True).count("Person") == 3
