"""The authorization matrix: every endpoint of the app, what each role gets from it.

The table below must name every endpoint in `app.url_map`: a new route fails
`test_every_endpoint_is_in_the_matrix` until someone decides who may use it and adds it here.
GET routes are requested as every role with the URL filled from real objects (tests/security/
world.py). POST-only routes are sent an empty form only by the roles that must be refused, and
nothing may change; a GET+POST route refused on GET must refuse the POST the same way.

Answer classes: ok (2xx), redirect (3xx, not to the login page), login (3xx to the login page),
forbidden (403), notfound (404), bad (400) and, for POST-only routes, allowed (not requested:
an empty form could still change something, e.g. publish).
"""

import json
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.proposals.models import Support
from tests.security.conftest import ROLES
from tests.security.world import build_world, changed_tables, table_snapshot, url_for_rule


def roles(anonymous, unverified, citizen, moderator, staff, admin):
    return dict(zip(ROLES, (anonymous, unverified, citizen, moderator, staff, admin), strict=True))


PUBLIC = roles("ok", "ok", "ok", "ok", "ok", "ok")
MEMBERS = roles("login", "ok", "ok", "ok", "ok", "ok")
GUESTS = roles("ok", "redirect", "redirect", "redirect", "redirect", "redirect")
MODERATORS = roles("login", "forbidden", "forbidden", "ok", "forbidden", "ok")
MODERATION_READERS = roles("login", "forbidden", "forbidden", "ok", "ok", "ok")
STAFF = roles("login", "forbidden", "forbidden", "forbidden", "ok", "ok")
ADMINS = roles("login", "forbidden", "forbidden", "forbidden", "forbidden", "ok")
BAD_LINK = roles("bad", "bad", "bad", "bad", "bad", "bad")
NOT_FOUND = roles("notfound", "notfound", "notfound", "notfound", "notfound", "notfound")


def post_only(profile):
    """The same people, for a POST-only route: those let through are not requested."""
    return {role: "allowed" if answer == "ok" else answer for role, answer in profile.items()}


# Logged in, e-mail confirmed: may take part (comment, support, report, propose).
PARTICIPANTS_POST = post_only(roles("login", "forbidden", "ok", "ok", "ok", "ok"))

EXPECTED = {
    "admin.change_role": post_only(ADMINS),
    "admin.users": ADMINS,
    # The open-data API and feeds are public.
    "api.bulk": PUBLIC,
    "api.comments": PUBLIC,
    "api.consultation": PUBLIC,
    "api.consultations": PUBLIC,
    "api.index": PUBLIC,
    "api.indicators": PUBLIC,
    "api.openapi": PUBLIC,
    "api.proposal": PUBLIC,
    "api.proposals": PUBLIC,
    "api.report": PUBLIC,  # of a published report (see ARGUMENTS)
    "api.reports": PUBLIC,
    "auth.change_email": post_only(MEMBERS),
    "auth.change_password": post_only(MEMBERS),
    "auth.check_email": PUBLIC,
    "auth.confirm_email_change": BAD_LINK,
    "auth.delete_account": MEMBERS,
    "auth.export_data": MEMBERS,
    "auth.forgot_password": PUBLIC,
    "auth.login": GUESTS,
    "auth.logout": post_only(PUBLIC),
    "auth.logout_everywhere": post_only(MEMBERS),
    "auth.profile": MEMBERS,
    "auth.register": GUESTS,
    "auth.resend_verification": post_only(MEMBERS),
    "auth.reset_password": BAD_LINK,
    "auth.security": MEMBERS,
    "auth.verify_email": BAD_LINK,
    "consultations.comment": PARTICIPANTS_POST,
    "consultations.detail": PUBLIC,
    "consultations.document": PUBLIC,
    "consultations.index": PUBLIC,
    "core.accessibility": PUBLIC,
    "core.healthz": PUBLIC,
    "core.home": PUBLIC,
    "core.search_view": PUBLIC,
    "evidence.chart": PUBLIC,
    "evidence.index": PUBLIC,
    "evidence.pack": STAFF,
    "feeds.calendar": PUBLIC,
    "feeds.consultations": PUBLIC,
    "feeds.proposals": PUBLIC,
    "feeds.reports": PUBLIC,
    # Only the author appeals, against a decision on their own item (here: other's).
    "moderation.appeal": roles(
        "login", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"
    ),
    "moderation.appeal_decide": post_only(MODERATORS),
    "moderation.audit": MODERATION_READERS,
    "moderation.audit_export": MODERATION_READERS,
    "moderation.bulk": post_only(MODERATORS),
    "moderation.decide": post_only(MODERATORS),
    "moderation.figures": MODERATION_READERS,
    "moderation.flag": MEMBERS,
    "moderation.lift_suspension": post_only(MODERATORS),
    "moderation.queue": MODERATORS,
    "moderation.suspend": MODERATORS,
    "notifications.index": MEMBERS,
    # Another participant's notification: nobody else can mark it read.
    "notifications.read": roles(
        "login", "notfound", "notfound", "notfound", "notfound", "notfound"
    ),
    "notifications.read_all": post_only(MEMBERS),
    "pages.privacy": PUBLIC,
    "pages.terms": PUBLIC,
    "proposals.answer": STAFF,
    "proposals.categories": STAFF,
    "proposals.category_delete": post_only(STAFF),
    "proposals.category_edit": post_only(STAFF),
    "proposals.detail": PUBLIC,
    "proposals.index": PUBLIC,
    "proposals.new": MEMBERS,
    "proposals.support": PARTICIPANTS_POST,
    # Withdrawing a support one never gave changes nothing; no need to be confirmed.
    "proposals.withdraw": post_only(MEMBERS),
    "reports.chart_stylesheet": PUBLIC,
    # The report of a consultation still open: a preview for staff, nobody else.
    "reports.consultation_report": roles(
        "notfound", "notfound", "notfound", "notfound", "ok", "ok"
    ),
    "reports.consultation_report_download": PUBLIC,  # of a published report
    "staff.comment_response": STAFF,
    "staff.consultation_close": post_only(STAFF),
    "staff.consultation_dashboard": STAFF,
    "staff.consultation_edit": STAFF,
    "staff.consultation_manage": STAFF,
    "staff.consultation_new": STAFF,
    "staff.consultation_publish": post_only(STAFF),
    "staff.consultation_publish_report": post_only(STAFF),
    "staff.consultation_unpublish": post_only(STAFF),
    "staff.dashboard": STAFF,
    "staff.document_delete": post_only(STAFF),
    "staff.document_upload": post_only(STAFF),
    "staff.export": STAFF,
    "staff.responses": STAFF,
    "staff.section_add": post_only(STAFF),
    "staff.section_delete": post_only(STAFF),
    "staff.section_edit": STAFF,
    "staff.section_move": post_only(STAFF),
    "static": PUBLIC,
}

# Arguments taken from another object than the default one of tests/security/world.py.
ARGUMENTS = {
    "api.report": {"consultation_id": "published_report"},
    "reports.consultation_report_download": {"consultation_id": "published_report"},
    "moderation.appeal": {"item_id": "rejected_comment"},
}

REFUSALS = {"login", "forbidden", "notfound"}
# Logging out here would log the matrix's own client out.
NOT_REQUESTED = {"auth.logout"}


def classify(response) -> str:
    code = response.status_code
    if 300 <= code < 400:
        path = urlsplit(response.headers.get("Location", "")).path
        return "login" if path == "/account/login" else "redirect"
    if 200 <= code < 300:
        return "ok"
    return {400: "bad", 403: "forbidden", 404: "notfound"}.get(code, str(code))


def rule_url(rule, world):
    overrides = {name: world[key].id for name, key in ARGUMENTS.get(rule.endpoint, {}).items()}
    return url_for_rule(rule, world, overrides)


def test_every_endpoint_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - EXPECTED.keys()) == [], "add these endpoints to EXPECTED"
    assert sorted(EXPECTED.keys() - endpoints) == [], "these endpoints are gone"


def test_every_url_argument_has_a_value(app, make, people):
    world = build_world(make, people)
    for rule in app.url_map.iter_rules():
        rule_url(rule, world)  # raises KeyError naming the argument to add


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_matrix_says(app, make, people, client_as, role):
    world = build_world(make, people)
    client = client_as(role)
    wrong, posts = [], []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if rule.endpoint in NOT_REQUESTED or rule.endpoint not in EXPECTED:
            continue
        expected = EXPECTED[rule.endpoint][role]
        url = rule_url(rule, world)
        if "GET" in rule.methods:
            with client.get(url) as response:
                got = classify(response)
            if got != expected:
                wrong.append(f"GET {url} ({rule.endpoint}): expected {expected}, got {got}")
            if "POST" in rule.methods and expected in REFUSALS:
                posts.append((rule.endpoint, url, expected))
        elif expected != "allowed":
            posts.append((rule.endpoint, url, expected))
    # Refused POSTs, with an empty form: refused the same way, and nothing changes.
    before = table_snapshot()
    for endpoint, url, expected in posts:
        got = classify(client.post(url, data={}))
        if got != expected:
            wrong.append(f"POST {url} ({endpoint}): expected {expected}, got {got}")
    changed = changed_tables(before, table_snapshot())
    if changed:
        wrong.append(f"refused POSTs to {[p[0] for p in posts]} changed {changed}")
    assert wrong == []


# -- objects of another participant ---------------------------------------------------------
def test_another_participants_pending_proposal_is_not_found(app, make, people, client_as):
    world = build_world(make, people)
    url = f"/proposals/{world['pending_proposal'].id}"
    assert client_as("anonymous").get(url).status_code == 404
    assert client_as("citizen").get(url).status_code == 404
    assert client_as("moderator").get(url).status_code == 200
    # Nor can it be supported, or reported, by someone who cannot see it.
    citizen = client_as("citizen")
    assert citizen.post(f"{url}/support").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0
    # The report form refuses too (it sends back to the proposal's page, itself a 404).
    flag = citizen.get(f"/moderation/proposal/{world['pending_proposal'].id}/flag")
    assert flag.status_code in (302, 404)
    assert "Other&#39;s pending proposal" not in flag.get_data(as_text=True)


def test_another_participants_pending_comment_is_not_shown(app, make, people, client_as):
    world = build_world(make, people)
    page = client_as("citizen").get(f"/consultations/{world['consultation'].id}")
    assert "Other&#39;s pending comment." not in page.get_data(as_text=True)
    assert "Other's pending comment." not in page.get_data(as_text=True)


def test_a_draft_consultation_exists_only_for_staff(app, make, people, client_as):
    world = build_world(make, people)
    url = f"/consultations/{world['draft'].id}"
    for role in ("anonymous", "citizen", "moderator"):
        assert client_as(role).get(url).status_code == 404
    assert client_as("staff").get(url).status_code == 200
    assert client_as("citizen").get(f"/api/v1/consultations/{world['draft'].id}").status_code == 404


def test_the_data_export_only_ever_exports_the_logged_in_account(app, make, people, client_as):
    world = build_world(make, people)
    other = people["other"]
    client = client_as("citizen")
    for query in ("", f"?user_id={other.id}", f"?id={other.id}&email={other.email}"):
        response = client.get(f"/account/export.json{query}")
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        data = json.loads(text)
        assert people["citizen"].email in text
        assert other.email not in text
        assert world["comment"].body not in text
        assert data


def test_another_participants_notification_stays_unread_and_unlisted(app, make, people, client_as):
    world = build_world(make, people)
    if "notification" not in world:
        pytest.skip("no notifications in this build")
    notification = world["notification"]
    client = client_as("citizen")
    assert client.post(f"/notifications/{notification.id}/read").status_code == 404
    client.post("/notifications/read-all")
    db.session.refresh(notification)
    assert notification.read_at is None


def test_a_published_report_is_public_and_its_preview_is_not(app, make, people, client_as):
    world = build_world(make, people)
    published = f"/reports/consultations/{world['published_report'].id}"
    assert client_as("anonymous").get(published).status_code == 200
    preview = f"/reports/consultations/{world['closed'].id}"
    assert client_as("citizen").get(preview).status_code == 404
    assert client_as("staff").get(preview).status_code == 200


@pytest.mark.parametrize(
    ("endpoint", "url_of"),
    [
        ("consultations.comment", lambda w: f"/consultations/{w['consultation'].id}/comments"),
        ("proposals.new", lambda w: "/proposals/new"),
        ("proposals.support", lambda w: f"/proposals/{w['proposal'].id}/support"),
        ("moderation.flag", lambda w: f"/moderation/comment/{w['comment'].id}/flag"),
    ],
)
def test_an_unconfirmed_account_cannot_take_part_yet(make, people, client_as, endpoint, url_of):
    world = build_world(make, people)
    data = {
        "body": "Something I want to say about it.",
        "title": "A proposal title",
        "language": "en",
        "section_id": "",
        "reason": "spam",
    }
    before = table_snapshot()
    response = client_as("unverified").post(url_of(world), data=data)
    assert response.status_code == 403, endpoint
    assert changed_tables(before, table_snapshot()) == []
