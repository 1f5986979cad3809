"""One way to paginate a select() everywhere."""

from flask import abort, current_app, request

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
