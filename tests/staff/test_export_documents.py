"""The report as officials file it: a Word document and an Excel workbook, in either language."""

import io
import zipfile
from datetime import date, datetime, timedelta

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from sqlalchemy import insert

from app.auth.models import Sector
from app.consultations.models import Comment, CommentResponse, ResponseDecision
from app.extensions import db
from app.moderation.models import AuditEntry, ModerationStatus
from app.proposals.models import Support
from tests.helpers import count_statements

BODY = "Предлагам паркоместата за живущи да са безплатни в събота и неделя."
REASON_BG = "Не се приема: това изисква промяна в Наредбата за местните данъци."
REASON_EN = "Not accepted: this needs a change in the local taxes ordinance."


@pytest.fixture
def report(make, staff):
    """A closed consultation: a named NGO member, an unnamed citizen, an unnamed business."""
    c = make.consultation("closed", title_bg="Наредба за паркирането", title_en="Parking ordinance")
    ngo = make.citizen(
        display_name="Елена Петрова", sector=Sector.NGO, organisation="Сдружение Прозрачност"
    )
    quiet = make.citizen(display_name="Тиха Гражданка")
    business = make.citizen(display_name="Тих Търговец", sector=Sector.BUSINESS)
    first = make.comment(c, ngo, body=BODY, section_id=c.sections[0].id)
    make.response(
        first,
        staff,
        decision=ResponseDecision.NOT_ACCEPTED,
        reason_bg=REASON_BG,
        reason_en=REASON_EN,
    )
    reply = make.comment(
        c, quiet, body="Подкрепям.\nВтори ред.", parent_id=first.id, show_name=False
    )
    make.response(reply, staff, decision=ResponseDecision.NOTED)
    formula = make.comment(c, business, body='=HYPERLINK("http://x")', show_name=False)
    make.comment(c, business, status=ModerationStatus.REJECTED, body="Отхвърлен.")
    return c, first, reply, formula


def read(response) -> bytes:
    """The body, then close the response as a WSGI server does (it closes the file sent)."""
    data = response.get_data()
    response.close()
    return data


def get_docx(client, c, lang):
    response = client.get(f"/staff/consultations/{c.id}/export.docx?lang={lang}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=consultation-{c.id}-report-{lang}.docx"
    )
    data = read(response)
    assert int(response.headers["Content-Length"]) == len(data)
    return docx.Document(io.BytesIO(data))


def get_xlsx(client, c, lang):
    response = client.get(f"/staff/consultations/{c.id}/export.xlsx?lang={lang}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f"consultation-{c.id}-report-{lang}.xlsx" in response.headers["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(read(response)))


def texts(document):
    return [p.text for p in document.paragraphs]


# -- DOCX ---------------------------------------------------------------------------------
def test_docx_is_a_landscape_a4_report_with_title_legal_basis_and_totals(staff_client, report):
    c, *_ = report
    document = get_docx(staff_client, c, "bg")
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert round(section.page_width.mm) == 297
    assert round(section.page_height.mm) == 210
    paragraphs = texts(document)
    assert "Наредба за паркирането" in paragraphs
    assert any("чл. 26 от Закона за нормативните актове" in p for p in paragraphs)
    assert any(c.opens_on.strftime("%Y") in p and "–" in p for p in paragraphs)  # the period
    assert document.core_properties.title == "Наредба за паркирането"
    # The totals: by decision and by sector, as tables before the main one.
    decisions, sectors, main = document.tables
    assert [cell.text for cell in decisions.rows[3].cells] == ["Не се приема", "1"]
    sector_counts = {row.cells[0].text: row.cells[1].text for row in sectors.rows[1:]}
    assert sector_counts["Бизнес"] == "1"
    assert sector_counts["Неправителствена организация"] == "1"
    assert len(main.rows) == 1 + 3  # the header row and one row per published comment


def test_docx_table_holds_every_published_comment_in_cyrillic_with_its_reasons(
    staff_client, report
):
    c, first, reply, formula = report
    document = get_docx(staff_client, c, "bg")
    table = document.tables[-1]
    header = table.rows[0]
    # Word repeats the header row on every page.
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert rows[0][0] == "1"
    assert rows[0][1].startswith("Елена Петрова (Сдружение Прозрачност)")
    assert rows[0][2] == "Раздел 1"
    assert rows[0][3] == BODY
    assert rows[0][4] == "Не се приема"
    assert rows[0][5] == REASON_BG
    assert rows[1][3].endswith("Подкрепям.\nВтори ред.")  # line breaks kept
    assert "1" in rows[1][3].split("\n")[0]  # "reply to № 1"
    assert rows[2][3] == '=HYPERLINK("http://x")'
    assert rows[2][4] != ""  # "No response yet", in the document's language
    assert "Отхвърлен." not in "".join("".join(r) for r in rows)
    # The text is real text in a font with Cyrillic, not a picture.
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert not document.inline_shapes


def test_docx_names_participants_only_as_they_agreed(staff_client, report):
    c, *_ = report
    document = get_docx(staff_client, c, "en")
    participants = [row.cells[1].text for row in document.tables[-1].rows[1:]]
    assert participants[0].startswith("Елена Петрова (Сдружение Прозрачност)")
    assert participants[1] == "Citizen"
    assert participants[2].startswith("Participant who asked not to be named")
    whole = "\n".join(p for row in document.tables[-1].rows for p in (c.text for c in row.cells))
    assert "Тиха Гражданка" not in whole
    assert "Тих Търговец" not in whole


def test_docx_in_english_has_english_headings_and_reasons(staff_client, report):
    c, *_ = report
    document = get_docx(staff_client, c, "en")
    paragraphs = texts(document)
    assert "Parking ordinance" in paragraphs
    assert "Consultation report" in paragraphs
    assert "Legal basis: Art. 26 of the Law on Normative Acts" in paragraphs
    assert any(p.startswith("Report date: ") for p in paragraphs)
    header = [cell.text for cell in document.tables[-1].rows[0].cells]
    assert header == ["№", "Participant", "Section", "Proposal or comment", "Decision", "Reasons"]
    first = [cell.text for cell in document.tables[-1].rows[1].cells]
    assert first[2] == "Section 1"
    assert first[4] == "Not accepted"
    assert first[5] == REASON_EN
    assert first[3] == BODY  # what citizens wrote is never translated


def test_docx_of_a_consultation_without_comments_says_so(staff_client, make):
    c = make.consultation("closed")
    document = get_docx(staff_client, c, "en")
    assert "No comments were published in this consultation." in texts(document)
    assert len(document.tables) == 2  # only the totals


# -- XLSX ---------------------------------------------------------------------------------
SHEETS_EN = ["Summary", "Comments and responses", "Citizen proposals", "Supports per day"]


def test_xlsx_has_four_sheets_with_frozen_headers_and_filters(staff_client, report):
    c, *_ = report
    workbook = get_xlsx(staff_client, c, "en")
    assert workbook.sheetnames == SHEETS_EN
    for name in SHEETS_EN[1:]:
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2", name
        assert (sheet.auto_filter.ref or "").startswith("A1:"), name
    comments = workbook["Comments and responses"]
    assert comments.auto_filter.ref == "A1:K4"
    assert comments.column_dimensions["H"].width > 50  # the comment text has room
    assert comments["H2"].alignment.wrap_text


def test_xlsx_comments_are_rows_with_real_dates_and_cyrillic_intact(staff_client, report):
    c, first, reply, formula = report
    workbook = get_xlsx(staff_client, c, "bg")
    sheet = workbook.worksheets[1]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 3
    one, two, three = rows[1:]
    assert one[:2] == (1, first.id)
    assert isinstance(one[2], datetime)
    assert abs(one[2] - first.created_at) < timedelta(hours=4)  # city time, not UTC
    assert sheet.cell(row=2, column=3).is_date
    assert one[3] == "Елена Петрова (Сдружение Прозрачност)"
    assert one[4] == "Неправителствена организация"
    assert one[5] == "Сдружение Прозрачност"
    assert one[6] == "Раздел 1"
    assert one[7] == BODY
    assert one[8] == "Не се приема"
    assert one[9] == REASON_BG
    assert two[1] == reply.id
    assert two[10] == 1  # replies point to the row number of their parent
    # A spreadsheet never runs what a citizen wrote: it is stored as text, not a formula.
    assert three[7] == '=HYPERLINK("http://x")'
    assert sheet.cell(row=4, column=8).data_type == "s"


def test_xlsx_summary_has_the_facts_and_every_total(staff_client, report):
    c, *_ = report
    workbook = get_xlsx(staff_client, c, "en")
    summary = workbook["Summary"]
    values = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row[0]}
    assert values["Parking ordinance"] is None  # the title line
    assert values["Legal basis"] == "Art. 26 of the Law on Normative Acts"
    assert values["First day for comments"].date() == c.opens_on
    assert values["Last day for comments"].date() == c.closes_on
    assert values["Not accepted"] == 1
    assert values["Noted"] == 1
    assert values["No response yet"] == 1
    assert values["Business"] == 1
    assert values["Section 1"] == 1
    assert values["Whole document"] == 2
    assert values["Rejected"] == 1  # every comment received, by moderation status


def test_xlsx_lists_proposals_of_the_period_and_supports_per_day(staff_client, make, report):
    c, *_ = report
    author = make.citizen()
    opened = datetime.combine(c.opens_on, datetime.min.time()) + timedelta(hours=10)
    during = make.proposal(author, title="Велоалея по Витошка", created_at=opened)
    make.proposal(author, title="Преди срока", created_at=opened - timedelta(days=5))
    make.proposal(
        author,
        title="Скрито предложение",
        created_at=opened,
        status=ModerationStatus.HIDDEN,
    )
    supporters = [make.citizen() for _ in range(3)]
    for n, supporter in enumerate(supporters):
        day = opened + timedelta(days=1 if n < 2 else 2)
        db.session.add(Support(proposal_id=during.id, user_id=supporter.id, created_at=day))
    during.support_count = 3
    db.session.add(
        Support(proposal_id=during.id, user_id=author.id, created_at=opened + timedelta(days=200))
    )
    during.support_count = 4
    db.session.commit()

    workbook = get_xlsx(staff_client, c, "en")
    proposals = list(workbook["Citizen proposals"].iter_rows(values_only=True))
    assert len(proposals) == 2
    assert proposals[1][1] == during.id
    assert proposals[1][3] == "Велоалея по Витошка"
    assert proposals[1][6:8] == (3, 4)  # supports in the period, and in total
    per_day = list(workbook["Supports per day"].iter_rows(values_only=True))
    days = {row[0].date(): row[1] for row in per_day[1:]}
    assert min(days) == c.opens_on
    assert max(days) == c.closes_on
    assert days[c.opens_on + timedelta(days=1)] == 2
    assert days[c.opens_on + timedelta(days=2)] == 1
    assert sum(days.values()) == 3
    assert workbook["Supports per day"].cell(row=2, column=1).is_date


def test_xlsx_in_bulgarian_translates_the_sheet_names_it_has(staff_client, report):
    c, *_ = report
    english = get_xlsx(staff_client, c, "en").sheetnames
    bulgarian = get_xlsx(staff_client, c, "bg")
    assert len(bulgarian.sheetnames) == 4
    assert all(len(name) <= 31 for name in bulgarian.sheetnames)
    assert bulgarian.worksheets[1]["A1"].value == "№"
    assert english[0] == "Summary"


def test_every_export_is_audited_and_for_staff_only(client, staff_client, make, report):
    c, *_ = report
    for fmt in ("docx", "xlsx"):
        response = staff_client.get(f"/staff/consultations/{c.id}/export.{fmt}")
        read(response)
        assert response.status_code == 200
    notes = db.session.scalars(db.select(AuditEntry.note).order_by(AuditEntry.id)).all()
    assert notes[-2:] == ["docx", "xlsx"]
    anonymous = client.application.test_client()
    assert anonymous.get(f"/staff/consultations/{c.id}/export.docx").status_code in (302, 401)


# -- bounded queries --------------------------------------------------------------------------
def add_comments(consultation, author, staff, n):
    """`n` approved comments with responses, inserted in two statements."""
    now = datetime(
        consultation.opens_on.year, consultation.opens_on.month, consultation.opens_on.day, 9
    )
    rows = (
        db.session.execute(
            insert(Comment).returning(Comment.id),
            [
                {
                    "consultation_id": consultation.id,
                    "author_id": author.id,
                    "body": f"Коментар {i}",
                    "language": "bg",
                    "show_name": True,
                    "moderation_status": ModerationStatus.APPROVED,
                    "created_at": now + timedelta(minutes=i),
                }
                for i in range(n)
            ],
        )
        .scalars()
        .all()
    )
    db.session.execute(
        insert(CommentResponse),
        [
            {
                "comment_id": comment_id,
                "decision": ResponseDecision.NOTED,
                "reason_bg": "Взето за сведение.",
                "reason_en": "Noted.",
                "responded_by_id": staff.id,
            }
            for comment_id in rows
        ],
    )
    db.session.commit()


def unpacked_text(body: bytes) -> str:
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return body.decode("utf-8")


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "docx"])
def test_an_export_runs_as_many_statements_for_2000_comments_as_for_2(
    staff_client, make, staff, fmt
):
    author = make.citizen(sector=Sector.ACADEMIA, district="mladost")
    small, large = make.consultation("closed"), make.consultation("closed")
    add_comments(small, author, staff, 2)
    add_comments(large, author, staff, 2000)

    def statements(consultation):
        with count_statements() as seen:
            response = staff_client.get(f"/staff/consultations/{consultation.id}/export.{fmt}")
            body = read(response)  # a streamed body runs its queries while it is read
        assert response.status_code == 200
        return seen, body

    few, small_body = statements(small)
    many, large_body = statements(large)
    assert "Коментар 1999" in unpacked_text(large_body)  # the last of the 2,000 rows
    assert "Коментар 1999" not in unpacked_text(small_body)
    assert many.count == few.count, f"2 comments: {few}\n2,000 comments: {many}"
    assert many.count < 25, many


def test_dates_in_the_workbook_are_dates_not_text(staff_client, make, staff):
    c = make.consultation("closed")
    add_comments(c, make.citizen(), staff, 3)
    sheet = get_xlsx(staff_client, c, "en")["Comments and responses"]
    created = sheet["C2"].value
    assert isinstance(created, datetime)
    assert created.date() >= c.opens_on
    assert isinstance(c.opens_on, date)
