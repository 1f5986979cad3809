"""The public figures are computed once per period and kept for a while; a cache that fails
costs a recomputation, never an error."""

from datetime import date

import pytest

from app.evidence.compute import compute, published_result, published_results
from app.extensions import cache

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def _participants(make, n):
    consultation = make.consultation()
    for _ in range(n):
        make.comment(consultation, make.citizen())


@pytest.fixture
def kept(app):
    cache.init_app(app, config={"CACHE_TYPE": "SimpleCache"})
    yield
    cache.clear()
    cache.init_app(app, config={"CACHE_TYPE": "NullCache"})


def test_public_figures_are_kept_until_they_expire_while_staff_packs_are_fresh(app, make, kept):
    def request(fn, *args):  # each step as its own request
        with app.test_request_context():
            return fn(*args)

    _participants(make, 2)
    first, computed_at = request(published_results, *YEAR)
    _participants(make, 1)
    again, computed_again = request(published_results, *YEAR)

    assert request(published_result, "GLAS-P01", *YEAR).numerator == 2
    assert dict(again) == dict(first)
    assert computed_again == computed_at
    assert request(compute, "GLAS-P01", *YEAR).numerator == 3  # what staff packs read

    cache.clear()
    assert request(published_result, "GLAS-P01", *YEAR).numerator == 3


def test_an_unreachable_cache_only_costs_a_recomputation(app, make):
    # Nothing listens on port 1: every get and set fails.
    cache.init_app(
        app, config={"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": "redis://127.0.0.1:1/0"}
    )
    try:
        with app.test_request_context():
            _participants(make, 2)
            assert published_result("GLAS-P01", *YEAR).numerator == 2
    finally:
        cache.init_app(app, config={"CACHE_TYPE": "NullCache"})
