"""Staff see, per consultation, who took part, where, when, and how quickly the City answered."""

import re
from datetime import datetime, timedelta

import pytest

from app.auth.models import Sector
from app.consultations.models import ResponseDecision
from app.extensions import db
from app.moderation.models import ModerationStatus


@pytest.fixture
def consultation(make, staff):
    """Four published comments by three people; three answered after 2, 4 and 6 days."""
    c = make.consultation("closed", title_en="Bike lanes")
    opened = datetime.combine(c.opens_on, datetime.min.time()) + timedelta(hours=9)  # UTC
    citizen = make.citizen(sector=Sector.CITIZEN, district="mladost")
    business = make.citizen(sector=Sector.BUSINESS, district="mladost")
    ngo = make.citizen(sector=Sector.NGO)
    written = [
        (citizen, c.sections[0].id, opened + timedelta(days=1), 2),
        (business, c.sections[0].id, opened + timedelta(days=1, hours=2), 4),
        (ngo, None, opened + timedelta(days=3), 6),
        (citizen, None, opened + timedelta(days=3, hours=1), None),
    ]
    for author, section_id, created, answered_after in written:
        comment = make.comment(c, author, section_id=section_id, created_at=created)
        if answered_after is not None:
            response = make.response(comment, staff, decision=ResponseDecision.ACCEPTED)
            response.created_at = created + timedelta(days=answered_after)
    make.comment(c, ngo, status=ModerationStatus.PENDING)  # not counted: not published
    db.session.commit()
    return c


def rows_of(page, heading):
    """The data table after `heading`: {label: [numbers...]}."""
    start = page.index(f">{heading}</h2>")
    end = page.find("</table>", start)
    table = page[start:end]
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table)
    return {label: re.findall(r'<td class="num">(.*?)</td>', cells) for label, cells in rows}


def test_the_dashboard_shows_participation_with_charts_and_their_numbers(
    staff_client, consultation
):
    c = consultation
    response = staff_client.get(f"/staff/consultations/{c.id}/dashboard?lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("<h1") == 1

    sectors = rows_of(page, "Participants by stakeholder sector")
    assert sectors["Citizen"] == ["1"]
    assert sectors["Business"] == ["1"]
    assert sectors["Non-governmental organisation"] == ["1"]
    assert sectors["Academia"] == ["0"]
    districts = rows_of(page, "Participants by Sofia district")
    assert districts == {"Mladost": ["2"], "Not stated": ["1"]}
    sections = rows_of(page, "Published comments by section")
    assert sections == {"Whole document": ["2"], "Section 1": ["2"], "Section 2": ["0"]}
    days = rows_of(page, "Published comments per day")
    day1 = (c.opens_on + timedelta(days=1)).strftime("%-d %b")
    day3 = (c.opens_on + timedelta(days=3)).strftime("%-d %b")
    assert days[day1] == ["2"]
    assert days[day3] == ["2"]
    assert sum(int(n[0]) for n in days.values()) == 4
    decisions = rows_of(page, "Responses by decision")
    assert decisions["Accepted"] == ["3", "75%"]
    assert decisions["No response yet"] == ["1", "25%"]

    figures = page[page.index("Key figures") : page.index("Participants by stakeholder sector")]
    assert re.search(r"<dt>Participants</dt>\s*<dd>3", figures)
    assert "3 of 4 (75%)" in figures
    assert "4 days" in figures  # the median of 2, 4 and 6 days
    assert "1 still needs a response" in figures


def test_each_chart_is_an_accessible_svg_that_needs_no_inline_style_or_script(
    staff_client, consultation
):
    page = staff_client.get(f"/staff/consultations/{consultation.id}/dashboard?lang=en")
    page = page.get_data(as_text=True)
    body = page[page.index("<body") :]
    charts = re.findall(r"<svg [^>]*>", body)
    assert len(charts) == 5
    for key in ("sectors", "districts", "sections", "days", "decisions"):
        assert f'aria-labelledby="chart-{key}-title"' in body
        assert re.search(rf'<title id="chart-{key}-title">[^<]+</title>', body)
    assert 'role="img"' in charts[0]
    # The Content-Security-Policy allows neither: the charts' styles come from a stylesheet.
    assert "style=" not in body
    assert "<style" not in body
    assert "<script" not in body
    assert '<link rel="stylesheet" href="/reports/charts.css">' in page


def test_the_chart_stylesheet_is_served_from_our_origin(client):
    response = client.get("/reports/charts.css")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/css; charset=utf-8"
    css = response.get_data(as_text=True)
    assert "svg.glas-chart .axis" in css
    assert "#chart-" not in css  # no selector tied to one rendering's random id
    assert "svg.glas-chart .color-0" in css


def test_a_dashboard_without_published_comments_says_so(staff_client, make):
    c = make.consultation("open")
    page = staff_client.get(f"/staff/consultations/{c.id}/dashboard?lang=en")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "No comments are published yet, so there is nothing to chart." in text
    assert "<svg" not in text


def test_the_dashboard_is_for_staff(client, make, login, consultation):
    url = f"/staff/consultations/{consultation.id}/dashboard"
    assert client.get(url).status_code == 302  # to the login page
    login(make.citizen())
    assert client.get(url).status_code == 403
    staff = login(make.staff(), target=client.application.test_client())
    assert staff.get("/staff/consultations/999/dashboard").status_code == 404


def test_the_dashboard_renders_in_bulgarian(staff_client, consultation):
    page = staff_client.get(f"/staff/consultations/{consultation.id}/dashboard?lang=bg")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Младост" in text  # district names are translated in the catalog
    assert "Гражданин" in text


def test_comments_are_counted_on_the_citys_calendar_not_in_utc(app, make, staff):
    from app.reports.activity import comments_per_day

    c = make.consultation("closed")
    late = datetime.combine(c.opens_on + timedelta(days=4), datetime.min.time())
    # 23:30 UTC is already the next day in Sofia (UTC+2 in winter, UTC+3 in summer).
    make.comment(c, make.citizen(), created_at=late + timedelta(hours=23, minutes=30))
    with app.test_request_context():
        days = dict(comments_per_day(c))
    assert days[c.opens_on + timedelta(days=4)] == 0
    assert days[c.opens_on + timedelta(days=5)] == 1
