"""Every response carries the security headers: pages, redirects, errors, static files."""

import re

import pytest

CSP_PARTS = (
    "default-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
)


def assert_security_headers(response, hsts=False):
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    for part in CSP_PARTS:
        assert part in csp, f"CSP lacks {part!r}: {csp}"
    script_src = re.search(r"script-src ([^;]+)", csp).group(1).split()
    assert script_src[0] == "'self'"
    assert all(re.fullmatch(r"'nonce-[A-Za-z0-9_-]{20,}'", s) for s in script_src[1:])
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] in ("strict-origin-when-cross-origin", "no-referrer")
    assert "camera=()" in headers["Permissions-Policy"]
    assert "Server" not in headers
    assert "X-Powered-By" not in headers
    if hsts:
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    else:
        assert "Strict-Transport-Security" not in headers


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/consultations/", 200),
        ("GET", "/account/login", 200),
        ("GET", "/static/css/glas.css", 200),
        ("GET", "/static/js/glas.js", 200),
        ("GET", "/account/profile", 302),  # to the login page
        ("GET", "/staff/", 302),
        ("GET", "/no-such-page", 404),
        ("GET", "/consultations/999999", 404),
        ("POST", "/consultations/", 405),
        ("POST", "/account/logout", 302),
    ],
)
def test_every_kind_of_response_has_the_headers(client, method, path, status):
    with client.open(path, method=method) as response:
        assert response.status_code == status
        assert_security_headers(response)


def test_forbidden_and_server_error_pages_have_them_too(make_app, client, make, login):
    login(make.citizen())
    forbidden = client.get("/staff/")
    assert forbidden.status_code == 403
    assert_security_headers(forbidden)

    app = make_app()

    @app.route("/_test_boom")
    def boom():
        raise RuntimeError("a secret detail from deep inside")

    response = app.test_client().get("/_test_boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "a secret detail" not in body
    assert "Traceback" not in body
    assert_security_headers(response)


def test_the_nonce_is_new_for_every_response(client):
    def nonce():
        csp = client.get("/").headers["Content-Security-Policy"]
        return re.search(r"'nonce-([^']+)'", csp).group(1)

    assert nonce() != nonce()


def test_templates_get_the_nonce_of_their_own_response(make_app):
    app = make_app()

    @app.route("/_test_nonce")
    def with_inline_script():
        from flask import render_template_string

        return render_template_string('<script nonce="{{ csp_nonce() }}"></script>')

    response = app.test_client().get("/_test_nonce")
    in_page = re.search(r'nonce="([^"]+)"', response.get_data(as_text=True)).group(1)
    assert f"'nonce-{in_page}'" in response.headers["Content-Security-Policy"]


def test_hsts_only_where_configured(make_app):
    production_like = make_app(SECURITY_HSTS=True).test_client()
    assert_security_headers(production_like.get("/"), hsts=True)
    assert_security_headers(production_like.get("/missing"), hsts=True)


def test_production_config_turns_hsts_on():
    from config import ProductionConfig, TestingConfig

    assert ProductionConfig.SECURITY_HSTS is True
    assert TestingConfig.SECURITY_HSTS is False


def test_a_view_that_sets_a_stricter_referrer_policy_keeps_it(make_app):
    app = make_app()

    @app.route("/_test_referrer")
    def strict():
        from flask import make_response

        response = make_response("ok")
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    assert app.test_client().get("/_test_referrer").headers["Referrer-Policy"] == "no-referrer"


def test_no_template_uses_inline_styles_or_scripts():
    """style-src 'self' blocks style="" attributes; script-src blocks inline handlers."""
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "app" / "templates"
    offenders = []
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\sstyle\s*=", r"<style\b", r"\son[a-z]+\s*=", r"javascript:"):
            if re.search(pattern, text, re.IGNORECASE):
                offenders.append(f"{path.relative_to(templates)}: {pattern}")
        for tag in re.findall(r"<script\b[^>]*>", text, re.IGNORECASE):
            if "src=" not in tag and "csp_nonce()" not in tag:
                offenders.append(f"{path.relative_to(templates)}: inline {tag}")
    assert offenders == []
