"""HTTP security headers on every response, error pages and static files included.

The Content-Security-Policy allows scripts, styles, fonts and images only from this site (no
inline script, no inline style, no plugin, no framing). A template that ever needs an inline
`<script>` gives it `nonce="{{ csp_nonce() }}"`: the nonce is new for every response.

The server banner: the application adds no `Server` or `X-Powered-By` header. Werkzeug's
development server adds `Server: Werkzeug/<version> Python/<version>`, and gunicorn adds
`Server: gunicorn`; in production the reverse proxy in front of gunicorn must drop or
overwrite that header (nginx: `server_tokens off;` plus `proxy_hide_header Server;` or
`more_clear_headers Server;`).
"""

import secrets

from flask import Flask, current_app, g, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

NUL = "\x00"
# Query strings are not cleaned: they are never stored, and search folds control characters
# itself (app/core/search.py).
FIELDS_CLEANED = ("form",)

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def csp_nonce() -> str:
    """The nonce of this response's Content-Security-Policy (made on first use)."""
    nonce = g.get("csp_nonce")
    if nonce is None:
        nonce = g.csp_nonce = secrets.token_urlsafe(18)
    return nonce


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        )
    )


def security_headers() -> dict[str, str]:
    """The headers every response carries, for the current app's configuration."""
    headers = {
        "Content-Security-Policy": content_security_policy(csp_nonce()),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if current_app.config.get("SECURITY_HSTS"):
        max_age = int(current_app.config.get("SECURITY_HSTS_MAX_AGE", 31_536_000))
        headers["Strict-Transport-Security"] = f"max-age={max_age}; includeSubDomains"
    return headers


def add_security_headers(response):
    # setdefault: a view that set its own, stricter header keeps it.
    for name, value in security_headers().items():
        response.headers.setdefault(name, value)
    # Flask forgets `g` only with the app context; in tests one context spans many requests.
    g.pop("csp_nonce", None)
    return response


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in URLs, bounded by the database's INTEGER (2**31 - 1).

    A larger number matches no route (404) instead of reaching PostgreSQL, which refuses to
    compare an INTEGER column with it (a 500). An explicit `max=` still wins.
    """

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits, min, 2**31 - 1 if max is None else max, signed)


def _without_nul(data) -> ImmutableMultiDict:
    return ImmutableMultiDict(
        (key.replace(NUL, ""), value.replace(NUL, "")) for key, value in data.items(multi=True)
    )


def drop_nul_characters() -> None:
    """Remove NUL characters from the submitted form.

    Nobody types one, PostgreSQL refuses to store one (the request would fail with a 500), and
    some code treats one as the end of a string. Everything else is kept as it was sent.
    """
    for name in FIELDS_CLEANED:
        data = getattr(request, name)
        if any(NUL in key or NUL in value for key, value in data.items(multi=True)):
            request.__dict__[name] = _without_nul(data)  # replaces Werkzeug's cached value
            request.__dict__.pop("values", None)


def init_app(app: Flask) -> None:
    proxies = int(app.config.get("TRUSTED_PROXIES", 0))
    if proxies > 0:
        # Behind a reverse proxy: the client's address and scheme come from its headers.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.before_request_funcs.setdefault(None, []).insert(0, drop_nul_characters)
    app.after_request(add_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
