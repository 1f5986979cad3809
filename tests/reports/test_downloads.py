"""Anyone downloads a published report, in the format and language they choose."""

import csv
import io
import json

import docx
import openpyxl
import pytest

from app.consultations.models import ResponseDecision

FORMATS = ("docx", "xlsx", "csv", "json")


def read(response) -> bytes:
    data = response.get_data()
    response.close()
    return data


@pytest.fixture
def published(make, staff):
    c = make.consultation("report_published", title_bg="Зелена София", title_en="Green Sofia")
    comment = make.comment(c, make.citizen(display_name="Иво"), body="Повече дървета по Витошка.")
    make.response(comment, staff, decision=ResponseDecision.ACCEPTED)
    return c


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_report_downloads_only_once_it_is_published(client, make, login, staff, fmt):
    for phase in ("draft", "open", "closed"):
        c = make.consultation(phase)
        assert client.get(f"/reports/consultations/{c.id}/report.{fmt}").status_code == 404
    login(staff)  # staff download drafts from their own pages, where it is audited
    assert client.get(f"/reports/consultations/{c.id}/report.{fmt}").status_code == 404
    assert client.get(f"/reports/consultations/999/report.{fmt}").status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_published_report_downloads_for_anyone(client, published, fmt):
    response = client.get(f"/reports/consultations/{published.id}/report.{fmt}?lang=bg")
    body = read(response)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=consultation-{published.id}-report-bg.{fmt}"
    )
    assert response.headers["Content-Language"] == "bg"
    if fmt == "docx":
        table = docx.Document(io.BytesIO(body)).tables[-1]
        assert table.rows[1].cells[3].text == "Повече дървета по Витошка."
    elif fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[1]
        assert sheet["H2"].value == "Повече дървета по Витошка."
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
        assert rows[1][7] == "Повече дървета по Витошка."
    else:
        assert json.loads(body)["comments"][0]["body"] == "Повече дървета по Витошка."


def test_an_unknown_format_is_not_found(client, published):
    assert client.get(f"/reports/consultations/{published.id}/report.pdf").status_code == 404


def test_the_report_page_offers_every_format_in_both_languages(client, published):
    page = client.get(f"/reports/consultations/{published.id}?lang=en").get_data(as_text=True)
    assert "Download the report" in page
    for fmt in FORMATS:
        for lang in ("bg", "en"):
            url = f"/reports/consultations/{published.id}/report.{fmt}?lang={lang}"
            assert f'href="{url}"' in page.replace("&amp;", "&")
    assert "/staff/" not in page  # a visitor sees no staff links


def test_the_staff_preview_links_to_staff_exports(staff_client, make):
    c = make.consultation("closed")
    page = staff_client.get(f"/reports/consultations/{c.id}?lang=en").get_data(as_text=True)
    assert f'href="/staff/consultations/{c.id}/export.docx?lang=bg"' in page.replace("&amp;", "&")
    assert f"/reports/consultations/{c.id}/report." not in page


def test_the_manage_page_offers_downloads_and_the_dashboard(staff_client, make):
    c = make.consultation("open")
    page = staff_client.get(f"/staff/consultations/{c.id}?lang=en").get_data(as_text=True)
    page = page.replace("&amp;", "&")
    assert f'href="/staff/consultations/{c.id}/dashboard"' in page
    for fmt in FORMATS:
        assert f'href="/staff/consultations/{c.id}/export.{fmt}?lang=en"' in page


def test_the_printed_report_page_has_a_print_stylesheet(client, published):
    page = client.get(f"/reports/consultations/{published.id}?lang=en").get_data(as_text=True)
    assert 'class="report-table"' in page
    assert "<thead>" in page
    assert 'class="print-note"' in page
    css = client.get("/static/css/glas.css")
    text = read(css).decode()
    assert "size: A4 landscape" in text
    assert ".report-table thead { display: table-header-group; }" in text
