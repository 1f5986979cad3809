"""Pagination of a select(): by page number for short lists, by keyset for long ones.

Numbered pages (`paginate`) cost an OFFSET that grows with the page and a COUNT of the whole
list; that is fine for lists of a few hundred rows (consultations, a moderator's queue).
Lists that grow without bound in normal use (a consultation's comments, the proposals)
use `keyset_paginate`: each page starts after (or ends before) the sort key of a row of the
previous page, read straight from an index, so the 1,000th page costs what the first does.
"""

from dataclasses import dataclass

from flask import abort, current_app, request
from sqlalchemy import and_, or_

from ..extensions import db

# Far past any real list; larger numbers would overflow the database's OFFSET.
MAX_PAGE = 1_000_000


def paginate(query, per_page: int | None = None):
    """Paginate `query` by the `page` argument; a page past the end is a 404."""
    page = request.args.get("page", 1, type=int)
    if page < 1 or page > MAX_PAGE:
        abort(404)
    return db.paginate(
        query,
        page=page,
        per_page=per_page or current_app.config["PAGE_SIZE"],
        max_per_page=100,
        error_out=True,
        count=True,
    )


@dataclass(kw_only=True)
class CursorNav:
    """The way on and back from a keyset page; the template's `pager` reads it.

    `next_cursor` goes into `?after=` for the following page, `prev_cursor` into `?before=`
    for the preceding one; None where there is nothing more that way.
    """

    next_cursor: str | None = None
    prev_cursor: str | None = None
    is_first: bool = True  # no cursor was given: the list starts here

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_prev(self) -> bool:
        return self.prev_cursor is not None


@dataclass(kw_only=True)
class KeysetPage(CursorNav):
    """One page of a keyset-paginated list."""

    items: list
    total: int | None = None  # when the caller knows it (from a kept counter)


def _parse_cursor(raw: str | None, width: int) -> tuple[int, ...] | None:
    if raw is None:
        return None
    try:
        values = tuple(int(part) for part in raw.split("_"))
    except ValueError:
        abort(404)
    if len(values) != width or any(abs(v) > 2**62 for v in values):
        abort(404)
    return values


def _cursor_of(row, keys) -> str:
    return "_".join(str(getattr(row, column.key)) for column in keys)


def _beyond(keys, values, forward: bool):
    """Rows strictly past `values` in the list's order (forward) or before it (not forward).

    Written out as (a > x) OR (a = x AND b > y) rather than a row-value comparison: both
    databases turn it into an index range, and it allows keys of mixed direction.
    """
    clauses = []
    for i, (column, descending) in enumerate(keys):
        later = (column < values[i]) if descending == forward else (column > values[i])
        equal_before = [keys[j][0] == values[j] for j in range(i)]
        clauses.append(and_(*equal_before, later))
    return or_(*clauses)


def keyset_paginate(query, keys, per_page: int | None = None, total: int | None = None):
    """Paginate `query` (without ORDER BY) by `keys`, a list of (column, descending) pairs
    whose last column is unique (the primary key), from the `after` / `before` arguments.

    A malformed cursor is a 404, like a page number past the end.
    """
    per_page = min(per_page or current_app.config["PAGE_SIZE"], 100)
    columns = [column for column, _ in keys]
    after = _parse_cursor(request.args.get("after"), len(keys))
    before = _parse_cursor(request.args.get("before"), len(keys)) if after is None else None

    forward = before is None
    order = [
        (column.desc() if descending == forward else column.asc()) for column, descending in keys
    ]
    stmt = query.order_by(*order).limit(per_page + 1)
    if after is not None:
        stmt = stmt.where(_beyond(keys, after, forward=True))
    elif before is not None:
        stmt = stmt.where(_beyond(keys, before, forward=False))
    rows = list(db.session.scalars(stmt).unique())
    more = len(rows) > per_page
    rows = rows[:per_page]
    if not forward:
        rows.reverse()

    page = KeysetPage(items=rows, total=total, is_first=after is None and before is None)
    if rows:
        if forward:
            page.next_cursor = _cursor_of(rows[-1], columns) if more else None
            page.prev_cursor = _cursor_of(rows[0], columns) if after is not None else None
        else:
            page.prev_cursor = _cursor_of(rows[0], columns) if more else None
            page.next_cursor = _cursor_of(rows[-1], columns)
    elif before is not None or after is not None:
        # Past either end (e.g. the last rows were hidden since): offer the way back.
        cursor = "_".join(str(v) for v in (after or before))
        if after is not None:
            page.prev_cursor = cursor
        else:
            page.next_cursor = cursor
    return page
