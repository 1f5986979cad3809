"""A short shared cache of public pages, for visitors who are not logged in.

Most traffic on a consultation platform is anonymous reading of a few popular pages (the home
page, the open consultation everyone is talking about). Rendering such a page costs ~10 ms of
CPU; reading it from Redis costs well under one. So for `PAGE_CACHE_SECONDS` (a few seconds:
"micro-caching") one rendering is shared by every anonymous reader of the same URL in the same
language. Logged-in people always get a fresh page (their name, their supports, their forms),
and so does anyone with a message waiting (a flash) in their session.

A page is kept only when it is a plain 200 answer without a form token in it: a page that
carries a CSRF token belongs to one session and is never shared. Security headers are added
afresh to every answer, kept or not (they are set after the view, see core/security.py).

When a kept page goes stale, one request renders it again while the others are still
served the stale copy (a short lock in the cache decides which), so a popular page never
makes every worker render it at once. A page nobody asked for in `KEEP_FACTOR` periods is
dropped.
"""

import logging
import time

from flask import Flask, current_app, g, request, session

from ..extensions import cache
from .i18n import current_language

log = logging.getLogger(__name__)

# Pages that anonymous visitors read most and that do not depend on who reads them.
CACHEABLE = frozenset(
    {
        "core.home",
        "core.search_view",
        "consultations.index",
        "consultations.detail",
        "proposals.index",
        "proposals.detail",
        "reports.consultation_report",
        "api.consultations",
        "api.consultation",
        "api.comments",
        "api.proposals",
        "api.proposal",
        "api.reports",
        "api.report",
    }
)
_KEPT_TYPES = ("text/html", "application/json")
# A stale page is still served, while one request renders it again, for this many periods.
KEEP_FACTOR = 6
# How long one request may take to render a page again before another one may try.
RENDER_LOCK_SECONDS = 10


def _eligible() -> bool:
    if request.method != "GET" or request.endpoint not in CACHEABLE:
        return False
    if not current_app.config.get("PAGE_CACHE_SECONDS"):
        return False
    # Anonymous without loading anyone: no login in the session, no remember-me cookie.
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    if "_user_id" in session or remember in request.cookies:
        return False
    return "_flashes" not in session


def page_key() -> str:
    return f"page:{current_language()}:{request.full_path}"


def serve_from_cache():
    """before_request: the kept page, if there is one for this visitor and URL."""
    g.page_cache_key = None
    if not _eligible():
        return None
    key = page_key()
    try:
        kept = cache.get(key)
    except Exception:  # noqa: BLE001 (a cache that fails only costs a rendering)
        log.warning("page cache unavailable", exc_info=True)
        return None
    if not (isinstance(kept, tuple) and len(kept) == 3):  # none, or kept by another release
        g.page_cache_key = key
        return None
    body, mimetype, fresh_until = kept
    if time.time() >= fresh_until and _claim_rendering(key):
        g.page_cache_key = key  # this request renders it again; the others get it stale
        return None
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["X-Glas-Cache"] = "hit"
    return response


def _claim_rendering(key: str) -> bool:
    try:
        return bool(cache.add(f"{key}:rendering", 1, timeout=RENDER_LOCK_SECONDS))
    except Exception:  # noqa: BLE001
        return True


def keep_page(response):
    """after_request: keep a fresh public page for the next anonymous readers."""
    key = g.pop("page_cache_key", None)
    if key is None or response.status_code != 200 or response.direct_passthrough:
        return response
    if response.mimetype not in _KEPT_TYPES:
        return response
    body = response.get_data()
    if b'name="csrf_token"' in body:
        return response
    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    try:
        cache.set(
            key, (body, response.mimetype, time.time() + seconds), timeout=seconds * KEEP_FACTOR
        )
        cache.delete(f"{key}:rendering")
    except Exception:  # noqa: BLE001
        log.warning("page cache unavailable", exc_info=True)
    response.headers["X-Glas-Cache"] = "miss"
    return response


def init_app(app: Flask) -> None:
    app.before_request(serve_from_cache)
    app.after_request(keep_page)
