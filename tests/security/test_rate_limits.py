"""Rate limits: POSTs past the limit get a translated 429 page with Retry-After; GETs never
count; the counters are shared between processes through Redis."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.consultations.models import Comment
from app.core.limits import RULES
from app.moderation.models import ReasonCode
from tests.security.conftest import log_in

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
LOOSE = "1000 per minute"


def limited_app(make_app, **limits):
    """An app with rate limits on: every limit loose except those given."""
    config = {rule.setting: LOOSE for rule in RULES}
    config.update(limits)
    return make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", **config)


def comment_count():
    from app.extensions import db

    return db.session.scalar(select(func.count()).select_from(Comment))


def test_every_rule_names_an_existing_endpoint(app):
    missing = [rule.endpoint for rule in RULES if rule.endpoint not in app.view_functions]
    assert missing == []


def test_the_eleventh_login_attempt_in_a_minute_is_refused(make_app, make):
    app = limited_app(make_app, RATELIMIT_LOGIN="10 per minute;50 per hour")
    client = app.test_client()
    person = make.citizen()
    wrong = {"email": person.email, "password": "not the password at all"}
    for _ in range(10):
        assert client.post("/account/login", data=wrong).status_code == 200
    refused = client.post("/account/login?lang=en", data=wrong)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    page = refused.get_data(as_text=True)
    assert "Too many requests" in page
    assert "You can try again in" in page
    # Even the right password waits: the limit is on attempts, not on failures.
    right = {"email": person.email, "password": make.PASSWORD}
    assert client.post("/account/login", data=right).status_code == 429
    # Reading the page does not count, and is not refused.
    assert client.get("/account/login").status_code == 200


def test_the_429_page_is_in_bulgarian_by_default(make_app, make):
    app = limited_app(make_app, RATELIMIT_LOGIN="1 per minute")
    client = app.test_client()
    data = {"email": "someone@example.org", "password": "whatever it is"}
    client.post("/account/login", data=data)
    refused = client.post("/account/login", data=data)
    assert refused.status_code == 429
    assert '<html lang="bg">' in refused.get_data(as_text=True)


def test_login_limit_is_per_address_and_email_with_a_cap_per_address(make_app):
    app = limited_app(make_app, RATELIMIT_LOGIN="2 per minute", RATELIMIT_LOGIN_IP="5 per minute")
    client = app.test_client()

    def attempt(email):
        return client.post("/account/login", data={"email": email, "password": "x" * 12})

    assert [attempt("a@example.org").status_code for _ in range(3)] == [200, 200, 429]
    # Another e-mail from the same address has its own budget ...
    assert [attempt("b@example.org").status_code for _ in range(2)] == [200, 200]
    # ... until the address as a whole reaches its cap of 5 attempts.
    codes = [attempt(f"{n}@example.org").status_code for n in range(3)]
    assert codes[-1] == 429
    # A person at another address is not affected.
    other = client.post(
        "/account/login",
        data={"email": "a@example.org", "password": "x" * 12},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    assert other.status_code == 200


def test_comment_limit_counts_per_account_and_keeps_the_text(make_app, make):
    app = limited_app(make_app, RATELIMIT_COMMENT="2 per hour")
    consultation = make.consultation()
    first, second = make.citizen(), make.citizen()
    client = log_in(app.test_client(), first)
    url = f"/consultations/{consultation.id}/comments?lang=en"
    for n in range(2):
        data = {"body": f"Comment number {n} on the draft.", "language": "en", "section_id": ""}
        assert client.post(url, data=data).status_code == 302
    text = "A third comment that <must> not be lost."
    refused = client.post(url, data={"body": text, "language": "en", "section_id": ""})
    assert refused.status_code == 429
    assert "A third comment that &lt;must&gt; not be lost." in refused.get_data(as_text=True)
    assert comment_count() == 2
    # Another account still comments.
    other = log_in(app.test_client(), second)
    data = {"body": "Another person's comment.", "language": "en", "section_id": ""}
    assert other.post(url, data=data).status_code == 302
    assert comment_count() == 3


def test_support_and_withdraw_share_one_budget(make_app, make):
    app = limited_app(make_app, RATELIMIT_SUPPORT="3 per minute")
    proposal = make.proposal(make.citizen())
    client = log_in(app.test_client(), make.citizen())
    base = f"/proposals/{proposal.id}"
    codes = [
        client.post(f"{base}/support").status_code,
        client.post(f"{base}/withdraw").status_code,
        client.post(f"{base}/support").status_code,
        client.post(f"{base}/withdraw").status_code,
    ]
    assert codes == [302, 302, 302, 429]


def test_flagging_is_limited(make_app, make):
    app = limited_app(make_app, RATELIMIT_FLAG="2 per hour")
    author = make.citizen()
    consultation = make.consultation()
    comments = [make.comment(consultation, author, body=f"Comment {n}") for n in range(3)]
    client = log_in(app.test_client(), make.citizen())
    reason = next(iter(ReasonCode)).value
    codes = [
        client.post(f"/moderation/comment/{c.id}/flag", data={"reason": reason}).status_code
        for c in comments
    ]
    assert codes == [302, 302, 429]


def _post_target(app, rule, world):
    """A URL for `rule`'s endpoint and the client to POST it with."""
    client = app.test_client()
    if rule.key == "account":
        log_in(client, world["citizen"])
    urls = {
        "auth.login": "/account/login",
        "auth.register": "/account/register",
        "auth.forgot_password": "/account/forgot-password",
        "auth.reset_password": "/account/reset-password/not-a-real-token",
        "auth.resend_verification": "/account/resend-verification",
        "auth.change_email": "/account/security/email",
        "auth.change_password": "/account/security/password",
        "auth.delete_account": "/account/delete",
        "consultations.comment": f"/consultations/{world['consultation'].id}/comments",
        "proposals.new": "/proposals/new",
        "proposals.support": f"/proposals/{world['proposal'].id}/support",
        "proposals.withdraw": f"/proposals/{world['proposal'].id}/withdraw",
        "moderation.flag": f"/moderation/comment/{world['comment'].id}/flag",
        "moderation.appeal": f"/moderation/comment/{world['comment'].id}/appeal",
    }
    return client, urls[rule.endpoint]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.endpoint}-{r.setting}")
def test_every_rule_refuses_the_post_past_its_limit(make_app, make, rule):
    """Each table row, at "1 per minute": the second POST is refused, GETs are not counted."""
    app = limited_app(make_app, **{rule.setting: "1 per minute"})
    if rule.endpoint not in app.view_functions:
        pytest.fail(f"{rule.endpoint} is in RULES but not an endpoint")
    author = make.citizen()
    consultation = make.consultation()
    world = {
        "citizen": make.citizen(),
        "consultation": consultation,
        "proposal": make.proposal(author),
        "comment": make.comment(consultation, author),
    }
    client, url = _post_target(app, rule, world)
    methods = app.url_map._rules_by_endpoint[rule.endpoint][0].methods
    if "GET" in methods:
        for _ in range(3):
            assert client.get(url).status_code != 429
    # Harmless forms: nothing valid is submitted, the attempt counts all the same.
    assert client.post(url, data={"email": "x@example.org"}).status_code != 429
    refused = client.post(url, data={"email": "x@example.org"})
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers


def test_limits_are_off_in_the_test_config_by_default(client):
    for _ in range(60):
        response = client.post("/account/login", data={"email": "a@b.org", "password": "x" * 12})
        assert response.status_code == 200


# -- two processes sharing Redis -----------------------------------------------------------
SERVER = """
import json, sys
from werkzeug.serving import make_server
from app import create_app

app = create_app(json.loads(sys.argv[1]))
server = make_server("127.0.0.1", 0, app, threaded=False)
print(server.server_port, flush=True)
server.serve_forever()
"""


def _redis_or_skip():
    try:
        import redis

        connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        connection.ping()
        return connection
    except Exception as error:  # any failure to reach it
        message = f"Redis is not reachable at {REDIS_URL}: {error}"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must run the shared-limit test)")
        print("\n" + "!" * 72 + f"\n!! SKIPPED: {message}\n" + "!" * 72)
        pytest.skip(message)


def _start_servers(config: dict, count: int = 2) -> list[tuple[subprocess.Popen, int]]:
    """`count` server processes (started together), with the port each listens on."""
    processes = [
        subprocess.Popen(  # noqa: S603 (our own interpreter and script)
            [sys.executable, "-c", SERVER, json.dumps(config)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for _ in range(count)
    ]
    servers = []
    for process in processes:
        line = process.stdout.readline()
        servers.append((process, int(line) if line.strip() else 0))
    if not all(port for _process, port in servers):
        _stop(servers)
        pytest.fail("a test server did not start")
    return servers


def _login_attempt(port: int, email: str) -> int:
    body = urllib.parse.urlencode({"email": email, "password": "wrong password, twice"}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/account/login", data=body)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def _two_servers(app, storage_uri: str, prefix: str, limit: str):
    config = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
        "MAIL_FOLDER": app.config["MAIL_FOLDER"],
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": storage_uri,
        "RATELIMIT_KEY_PREFIX": prefix,
        "RATELIMIT_LOGIN": limit,
        "RATELIMIT_LOGIN_IP": LOOSE,
    }
    return _start_servers(config)


def _stop(servers):
    for process, _port in servers:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def _alternate(servers, attempts: int, email: str) -> list[int]:
    return [_login_attempt(servers[n % 2][1], email) for n in range(attempts)]


def test_the_login_limit_holds_across_two_processes_sharing_redis(app, make):
    redis_client = _redis_or_skip()
    prefix = f"glas-test-{uuid.uuid4().hex}"
    make.citizen(email="shared@example.org")
    servers = _two_servers(app, REDIS_URL, prefix, "4 per minute")
    try:
        codes = _alternate(servers, 5, "shared@example.org")
        # Four attempts pass (two on each process); the fifth, wherever it lands, is refused.
        assert codes == [200, 200, 200, 200, 429]
        assert _login_attempt(servers[0][1], "shared@example.org") == 429
        assert _login_attempt(servers[1][1], "shared@example.org") == 429
        assert list(redis_client.scan_iter(f"*{prefix}*")), "no counter was kept in Redis"
    finally:
        _stop(servers)
        for key in redis_client.scan_iter(f"*{prefix}*"):
            redis_client.delete(key)
        redis_client.close()


def test_without_shared_storage_each_process_counts_alone(app):
    """The control: with memory:// storage the same sequence is not stopped in time."""
    servers = _two_servers(app, "memory://", f"glas-test-{uuid.uuid4().hex}", "4 per minute")
    try:
        assert _alternate(servers, 5, "alone@example.org") == [200] * 5
    finally:
        _stop(servers)


def test_free_port_helper_is_loopback_only():
    """The servers above listen on 127.0.0.1 only (never another address)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        assert probe.getsockname()[0] == "127.0.0.1"
    assert 'make_server("127.0.0.1"' in SERVER


def test_retry_after_counts_down(make_app):
    app = limited_app(make_app, RATELIMIT_LOGIN="1 per minute")
    client = app.test_client()
    data = {"email": "countdown@example.org", "password": "x" * 12}
    client.post("/account/login", data=data)
    first = int(client.post("/account/login", data=data).headers["Retry-After"])
    time.sleep(1.1)
    second = int(client.post("/account/login", data=data).headers["Retry-After"])
    assert 0 < second < first <= 60
