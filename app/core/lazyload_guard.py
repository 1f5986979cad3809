"""Catch N+1 queries while the tests run: one relationship lazy-loading again and again.

A page that lists rows and touches a relationship of each row (`comment.author`,
`proposal.category`) without eager-loading it runs one SELECT per row: fast with the three rows
of a test, slow with the thousand of production. With `GLAS_RAISE_ON_LAZY_LOOP` on (the testing
config), the second lazy load of the same relationship in one request raises `LazyLoadLoop`,
naming the relationship and the endpoint, so the loop is found by whichever test first walks it.
One lazy load of one object's relationship (a detail page reading `proposal.category`) stays
allowed: it costs one query whatever the data.

Off in development and production: the listener then returns at once.
"""

from collections import Counter

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState

from ..extensions import db

CONFIG_KEY = "GLAS_RAISE_ON_LAZY_LOOP"
# Per request, kept in the WSGI environ: tests reuse one app context (and its `g`) for many
# requests, but every request has its own environ.
_ENVIRON_KEY = "glas.lazy_loads"


class LazyLoadLoop(RuntimeError):
    """A relationship lazy-loaded a second time in one request: a loop over rows (N+1)."""


def relationship_name(state: ORMExecuteState) -> str:
    path = state.loader_strategy_path
    prop = getattr(path, "prop", None)
    if prop is None and path is not None and len(path.path):
        prop = path.path[-1]
    if prop is None or not hasattr(prop, "key"):
        return repr(path)
    return f"{prop.parent.class_.__name__}.{prop.key}"


def _on_orm_execute(state: ORMExecuteState) -> None:
    # A lazy load only: selectin/subquery loads are relationship loads too, but they run once
    # for all the rows, and that is the cure, not the disease.
    if not (state.is_relationship_load and state.lazy_loaded_from is not None):
        return
    if not has_request_context() or not current_app.config.get(CONFIG_KEY):
        return
    counts = request.environ.setdefault(_ENVIRON_KEY, Counter())
    name = relationship_name(state)
    counts[name] += 1
    if counts[name] > 1:
        raise LazyLoadLoop(
            f"{name} was lazy-loaded {counts[name]} times in one request to endpoint "
            f"{request.endpoint!r} ({request.method} {request.path}): a loop over rows runs "
            "one query per row. Load it with the rows (selectinload/joinedload/"
            "contains_eager) in the query that fetches them."
        )


def _reraise(error: LazyLoadLoop):
    # More specific than the app's catch-all handler for Exception, which would turn it into
    # a quiet 500 page: let it reach the test instead, message and traceback intact.
    raise error


def init_app(app: Flask) -> None:
    # The listener sits on the session class shared by every app (the tests make many apps),
    # so it is added once and reads the flag of the app handling the request.
    if not event.contains(db.session, "do_orm_execute", _on_orm_execute):
        event.listen(db.session, "do_orm_execute", _on_orm_execute)
    if app.config.get(CONFIG_KEY):
        app.register_error_handler(LazyLoadLoop, _reraise)
