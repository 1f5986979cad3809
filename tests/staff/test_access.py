"""Only staff (and administrators) reach the staff pages."""

import re

import pytest

from app.extensions import db
from app.moderation.models import AuditEntry, ModerationStatus
from tests.helpers import count_statements


def staff_urls(c, comment, section):
    gets = [
        "/staff/",
        "/staff/consultations/new",
        f"/staff/consultations/{c.id}",
        f"/staff/consultations/{c.id}/edit",
        f"/staff/consultations/{c.id}/responses",
        f"/staff/consultations/{c.id}/export.csv",
        f"/staff/consultations/{c.id}/export.json",
        f"/staff/comments/{comment.id}/response",
        f"/staff/sections/{section.id}/edit",
    ]
    posts = [
        f"/staff/consultations/{c.id}/publish",
        f"/staff/consultations/{c.id}/unpublish",
        f"/staff/consultations/{c.id}/close",
        f"/staff/consultations/{c.id}/publish-report",
        f"/staff/consultations/{c.id}/sections",
        f"/staff/consultations/{c.id}/documents",
        f"/staff/sections/{section.id}/delete",
        f"/staff/sections/{section.id}/move/up",
        f"/staff/comments/{comment.id}/response",
    ]
    return gets, posts


@pytest.mark.parametrize("role", ["citizen", "moderator"])
def test_citizens_and_moderators_are_refused(client, make, login, role):
    c = make.consultation("open")
    comment = make.comment(c, make.citizen())
    gets, posts = staff_urls(c, comment, c.sections[0])
    login(getattr(make, role)())
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url, data={"close-reason": "x"}).status_code == 403, url
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 0


def test_anonymous_visitors_are_sent_to_log_in(client, make):
    c = make.consultation("open")
    comment = make.comment(c, make.citizen())
    gets, posts = staff_urls(c, comment, c.sections[0])
    for url in gets + posts:
        response = client.post(url) if url in posts else client.get(url)
        assert response.status_code == 302, url
        assert "/account/login" in response.headers["Location"], url


def test_an_administrator_is_staff_too(client, make, login):
    login(make.admin())
    assert client.get("/staff/").status_code == 200


def test_the_dashboard_lists_every_consultation_newest_first_with_counts(staff_client, make, staff):
    older = make.consultation("open", title_en="Older consultation")
    make.consultation("draft", title_en="Newer draft")
    citizen = make.citizen()
    answered = make.comment(older, citizen)
    make.response(answered, staff)
    make.comment(older, citizen)
    make.comment(older, citizen, status=ModerationStatus.PENDING)
    page = staff_client.get("/staff/?lang=en").get_data(as_text=True)
    assert page.index("Newer draft") < page.index("Older consultation")
    assert "Draft" in page
    assert "Open for comments" in page
    assert "New consultation" in page
    row = page[page.index("Older consultation") :].split("</tr>")[0]
    approved, unanswered, pending = re.findall(r'<td class="num">(.*?)</td>', row)
    assert approved == "2"
    assert unanswered.endswith('status=unanswered">1</a>')
    assert pending == "1"


def test_the_dashboard_has_an_empty_state_and_pages(staff_client, make, app):
    page = staff_client.get("/staff/?lang=en").get_data(as_text=True)
    assert "There are no consultations yet." in page
    app.config["PAGE_SIZE"] = 2
    for _ in range(3):
        make.consultation("draft")
    assert "Page 1 of 2" in staff_client.get("/staff/?lang=en").get_data(as_text=True)
    assert staff_client.get("/staff/?page=2").status_code == 200
    assert staff_client.get("/staff/?page=3").status_code == 404


def test_the_dashboard_counts_with_a_fixed_number_of_queries(staff_client, make, app):
    citizen = make.citizen()
    for _ in range(4):
        c = make.consultation("open")
        make.comment(c, citizen)
    with count_statements() as few:
        staff_client.get("/staff/")
    for _ in range(4):
        c = make.consultation("open")
        make.comment(c, citizen)
    with count_statements() as many:
        staff_client.get("/staff/")
    assert many.count == few.count, f"4 consultations: {few}\n8 consultations: {many}"
