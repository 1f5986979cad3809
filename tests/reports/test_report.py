"""The public consultation report (the "справка" under art. 26 of the Law on Normative Acts)."""

import html
import re

from app.auth.models import Sector
from app.consultations.models import ConsultationKind, ResponseDecision
from app.extensions import db
from app.moderation.models import ModerationStatus
from app.reports.services import report_rows, report_totals


def test_the_report_is_public_only_once_published(client, make, login):
    for phase in ("draft", "open", "closed"):
        c = make.consultation(phase)
        assert client.get(f"/reports/consultations/{c.id}").status_code == 404
    login(make.citizen())
    assert client.get(f"/reports/consultations/{c.id}").status_code == 404
    published = make.consultation("report_published")
    assert client.get(f"/reports/consultations/{published.id}").status_code == 200
    assert client.get("/reports/consultations/999").status_code == 404


def test_staff_preview_an_unpublished_report_with_a_note(staff_client, make):
    c = make.consultation("closed")
    response = staff_client.get(f"/reports/consultations/{c.id}?lang=en")
    assert response.status_code == 200
    assert "Preview for staff: this report is not public yet." in response.get_data(as_text=True)


def test_the_report_header_names_the_law_the_period_and_the_totals(client, make, staff):
    c = make.consultation(
        "report_published", title_en="Parking ordinance", kind=ConsultationKind.NORMATIVE_ACT
    )
    author = make.citizen(sector=Sector.BUSINESS)
    make.response(make.comment(c, author), staff, decision=ResponseDecision.NOT_ACCEPTED)
    make.response(make.comment(c, author), staff, decision=ResponseDecision.NOT_ACCEPTED)
    make.response(make.comment(c, make.citizen()), staff, decision=ResponseDecision.ACCEPTED)
    page = client.get(f"/reports/consultations/{c.id}?lang=en").get_data(as_text=True)
    assert "<h1>" in page
    assert page.count("<h1") == 1
    assert "Parking ordinance" in page
    assert "Normative act" in page
    assert "art. 26 of the Law on Normative Acts" in page
    assert "3 published comments received a response." in page
    by_decision = page[page.index("By decision") : page.index("By stakeholder sector")]
    assert 'Not accepted</th><td class="num">2</td>' in by_decision
    assert 'Accepted</th><td class="num">1</td>' in by_decision
    by_sector = page[page.index("By stakeholder sector") :]
    assert 'Business</th><td class="num">2</td>' in by_sector
    assert 'Citizen</th><td class="num">1</td>' in by_sector


def test_participants_are_named_only_as_they_agreed(client, make, staff):
    c = make.consultation("report_published")
    named = make.citizen(display_name="Петър Петров")
    org_person = make.citizen(
        display_name="Скрито Име", sector=Sector.NGO, organisation="Фондация Код"
    )
    quiet_citizen = make.citizen(display_name="Тиха Гражданка")
    quiet_business = make.citizen(display_name="Тих Търговец", sector=Sector.BUSINESS)
    erased = make.citizen(display_name="Изтрит Човек")
    comments = [
        make.comment(c, named, body="Първо."),
        make.comment(c, org_person, body="Второ.", show_name=False),
        make.comment(c, quiet_citizen, body="Трето.", show_name=False),
        make.comment(c, quiet_business, body="Четвърто.", show_name=False),
        make.comment(c, erased, body="Пето."),
    ]
    comments[-1].author_id = None
    db.session.commit()
    for comment in comments:
        make.response(comment, staff)
    page = client.get(f"/reports/consultations/{c.id}?lang=en").get_data(as_text=True)
    table = page[page.index("report-table") :]
    assert "Петър Петров" in table
    assert "Фондация Код" in table
    assert "Скрито Име" not in table
    assert "Тиха Гражданка" not in table
    assert "Citizen" in table
    assert "Тих Търговец" not in table
    assert "Participant who asked not to be named" in table
    assert "Изтрит Човек" not in table
    assert "Deleted participant" in table


def test_only_published_comments_appear_with_replies_after_their_parent(make, staff, app):
    c = make.consultation("report_published")
    author = make.citizen()
    first = make.comment(c, author, body="Основен.")
    second = make.comment(c, author, body="Друг основен.")
    reply = make.comment(c, author, body="Отговор на първия.", parent_id=first.id)
    make.comment(c, author, body="Отхвърлен.", status=ModerationStatus.REJECTED)
    make.comment(c, author, body="Скрит.", status=ModerationStatus.HIDDEN)
    with app.test_request_context("/?lang=en"):
        rows = list(report_rows(c, "en", batch=1))
        totals = report_totals(c)
    assert [r.comment_id for r in rows] == [first.id, reply.id, second.id]
    assert [r.number for r in rows] == [1, 2, 3]
    assert rows[1].parent_number == 1
    assert totals.approved == 3
    assert totals.unanswered == 3
    assert totals.by_status[ModerationStatus.HIDDEN] == 1


def test_a_long_report_pages_by_whole_threads_and_keeps_its_numbers(client, make, app):
    app.config["REPORT_THREADS_PER_PAGE"] = 2
    c = make.consultation("report_published")
    author = make.citizen()
    first = make.comment(c, author, body="Първи.")
    make.comment(c, author, body="Втори.")
    make.comment(c, author, body="Отговор на първия.", parent_id=first.id)
    make.comment(c, author, body="Трети.")
    make.comment(c, author, body="Четвърти.")
    url = f"/reports/consultations/{c.id}?lang=en"

    page_one = client.get(url).get_data(as_text=True)
    found = re.search(r'<a href="([^"]+)" rel="next">', page_one)
    page_two = client.get(html.unescape(found.group(1))).get_data(as_text=True)

    # Page one: threads 1 and 2, the reply right after its parent; page two goes on at №4.
    assert re.findall(r"<td>(\d+)</td>", page_one) == ["1", "2", "3"]
    assert "Reply to № 1" in page_one
    assert "Трети." not in page_one
    assert re.findall(r"<td>(\d+)</td>", page_two) == ["4", "5"]
    assert 'rel="next"' not in page_two
    assert 'rel="prev"' in page_two
    assert "each download holds the whole report" in page_two
    assert client.get(f"{url}&after=x").status_code == 404
