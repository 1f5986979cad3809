"""Every state-changing route refuses a request without a valid CSRF token, and no GET route
changes state. Both lists come from `app.url_map`, so new routes are covered by themselves."""

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.moderation.models import AuditEntry
from tests.security.conftest import ROLES
from tests.security.world import build_world, changed_tables, table_snapshot, url_for_rule

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def unsafe_rules(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.methods & UNSAFE),
        key=lambda rule: rule.endpoint,
    )


def page_token(client, path="/account/login") -> str:
    return TOKEN.search(client.get(path).get_data(as_text=True)).group(1)


def csrf_login(client, user, password):
    token = page_token(client)
    response = client.post(
        "/account/login", data={"email": user.email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302
    return client


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def test_there_are_state_changing_routes_to_check(app):
    assert len(unsafe_rules(app)) >= 20


@pytest.mark.parametrize("who", ["anonymous", "admin", "staff", "moderator", "citizen"])
def test_every_state_changing_route_refuses_a_request_without_a_token(csrf_app, make, people, who):
    world = build_world(make, people)
    client = csrf_app.test_client()
    if who != "anonymous":
        csrf_login(client, people[who], make.PASSWORD)
    wrong = []
    before = table_snapshot()
    for rule in unsafe_rules(csrf_app):
        url = url_for_rule(rule, world)
        # A form as a browser would send it, only without the token.
        data = {"body": "A comment long enough.", "title": "A title", "reason": "spam"}
        for method in sorted(rule.methods & UNSAFE):
            response = client.open(url, method=method, data=data)
            if response.status_code != 400:
                wrong.append(f"{method} {url} ({rule.endpoint}): {response.status_code}")
    assert wrong == []
    assert changed_tables(before, table_snapshot()) == []
    if who != "anonymous":  # still logged in: the refused logout did not log out
        assert client.get("/account/profile").status_code == 200


def test_a_token_from_another_session_is_refused(csrf_app, make, people):
    world = build_world(make, people)
    attacker = csrf_app.test_client()
    foreign_token = page_token(attacker)
    victim = csrf_login(csrf_app.test_client(), people["citizen"], make.PASSWORD)
    url = f"/consultations/{world['consultation'].id}/comments"
    data = {"body": "Forged comment.", "language": "en", "section_id": ""}
    before = table_snapshot()
    assert victim.post(url, data={**data, "csrf_token": foreign_token}).status_code == 400
    assert victim.post(url, data={**data, "csrf_token": "garbage"}).status_code == 400
    assert changed_tables(before, table_snapshot()) == []
    # The page's own token works (the control).
    own = page_token(victim, f"/consultations/{world['consultation'].id}")
    assert victim.post(url, data={**data, "csrf_token": own}).status_code == 302


def _export_audit_rows_since(last_id: int) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.id > last_id)))


@pytest.mark.parametrize("role", ROLES)
def test_no_get_route_changes_state(app, make, people, client_as, role):
    """GETs (and HEADs) of every route, as every role, change nothing in the database.

    The one exception is the audit log: downloading an export is recorded there.
    """
    world = build_world(make, people)
    client = client_as(role)
    last_audit = db.session.scalar(select(db.func.max(AuditEntry.id))) or 0
    before = table_snapshot()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        url = url_for_rule(rule, world)
        with client.get(url):
            pass
        with client.head(url):
            pass
    db.session.expire_all()
    changed = changed_tables(before, table_snapshot())
    if "audit_entries" in changed:
        changed.remove("audit_entries")
        actions = _export_audit_rows_since(last_audit)
        assert all("export" in action for action in actions), actions
    assert changed == []
