"""The consultation summary opens in Excel (CSV) and in programs (JSON)."""

import csv
import io
import json

from app.auth.models import Sector
from app.consultations.models import ResponseDecision
from app.extensions import db
from app.moderation.models import AuditEntry, ModerationStatus


def filled_consultation(make, staff):
    c = make.consultation("closed")
    ngo = make.citizen(
        display_name="Елена", sector=Sector.NGO, organisation="Сдружение Прозрачност"
    )
    business = make.citizen(sector=Sector.BUSINESS)
    first = make.comment(c, ngo, body="Данните да са отворени.", section_id=c.sections[0].id)
    make.response(first, staff, decision=ResponseDecision.ACCEPTED, reason_en="")
    reply = make.comment(c, business, body='=HYPERLINK("http://x")', parent_id=first.id)
    make.response(reply, staff, decision=ResponseDecision.NOTED)
    make.comment(c, business, status=ModerationStatus.PENDING)
    make.comment(c, business, status=ModerationStatus.REJECTED)
    return c, first, reply


def test_csv_has_a_bom_translated_header_and_one_row_per_published_comment(
    staff_client, make, staff
):
    c, first, reply = filled_consultation(make, staff)
    response = staff_client.get(f"/staff/consultations/{c.id}/export.csv?lang=en")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response.headers["Content-Disposition"]
        == f"attachment; filename=consultation-{c.id}-report-en.csv"
    )
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == [
        "No.",
        "Comment ID",
        "Date",
        "Participant",
        "Sector",
        "Organisation",
        "Section",
        "Comment",
        "Decision",
        "Reasons",
        "Reply to comment",
    ]
    assert len(rows) == 3
    one, two = rows[1], rows[2]
    assert one[:2] == ["1", str(first.id)]
    assert one[3] == "Елена (Сдружение Прозрачност)"
    assert one[4:9] == [
        "Non-governmental organisation",
        "Сдружение Прозрачност",
        "Section 1",
        "Данните да са отворени.",
        "Accepted",
    ]
    assert one[9] == "Приема се."  # no English reason: the Bulgarian one stands in
    assert one[10] == ""
    assert two[1] == str(reply.id)
    assert two[10] == str(first.id)
    assert two[6] == "Whole document"
    # A spreadsheet never runs what a citizen wrote.
    assert two[7] == '\'=HYPERLINK("http://x")'


def test_csv_in_bulgarian_uses_the_separator_bulgarian_excel_expects(staff_client, make, staff):
    c, first, _reply = filled_consultation(make, staff)
    response = staff_client.get(f"/staff/consultations/{c.id}/export.csv?lang=bg")
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows[0]) == 11
    assert rows[1][7] == "Данните да са отворени."
    assert rows[1][6] == "Раздел 1"


def test_json_holds_the_consultation_totals_and_comments(staff_client, make, staff):
    c, first, reply = filled_consultation(make, staff)
    response = staff_client.get(f"/staff/consultations/{c.id}/export.json?lang=en")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert f"consultation-{c.id}-report-en.json" in response.headers["Content-Disposition"]
    assert "Данните да са отворени.".encode() in response.data  # not \u-escaped
    data = json.loads(response.data)
    assert data["consultation"]["title"] == {"bg": c.title_bg, "en": c.title_en}
    assert data["consultation"]["phase"] == "closed"
    assert data["consultation"]["opens_on"] == c.opens_on.isoformat()
    totals = data["totals"]
    assert totals["approved_comments"] == 2
    assert totals["by_decision"] == {
        "accepted": 1,
        "partly_accepted": 0,
        "not_accepted": 0,
        "noted": 1,
    }
    assert totals["by_sector"]["ngo"] == 1
    assert totals["by_sector"]["business"] == 1
    assert totals["by_status"] == {"pending": 1, "approved": 2, "rejected": 1, "hidden": 0}
    by_section = {s["section_id"]: s["comments"] for s in totals["by_section"]}
    assert by_section == {None: 1, c.sections[0].id: 1, c.sections[1].id: 0}
    assert [x["id"] for x in data["comments"]] == [first.id, reply.id]
    assert data["comments"][1]["parent_id"] == first.id
    assert data["comments"][0]["reason"] == {"bg": "Приема се.", "en": ""}
    assert data["comments"][0]["decision"] == "accepted"
    assert data["language"] == "en"
    assert data["comments"][0]["participant"] == "Елена (Сдружение Прозрачност)"


def test_csv_and_json_follow_the_language_asked_for(staff_client, make, staff):
    c, first, _reply = filled_consultation(make, staff)
    # (a streamed body is read before the next request, as a browser would)
    english = staff_client.get(f"/staff/consultations/{c.id}/export.csv?lang=en")
    en_rows = list(csv.reader(io.StringIO(english.data.decode("utf-8-sig"))))
    bulgarian = staff_client.get(f"/staff/consultations/{c.id}/export.csv?lang=bg")
    bg_rows = list(csv.reader(io.StringIO(bulgarian.data.decode("utf-8-sig")), delimiter=";"))
    assert english.headers["Content-Language"] == "en"
    assert bulgarian.headers["Content-Language"] == "bg"
    assert en_rows[1][6] == "Section 1"
    assert bg_rows[1][6] == "Раздел 1"  # staff content in the language asked for
    assert en_rows[0] != bg_rows[0]  # so is the header row
    data = json.loads(staff_client.get(f"/staff/consultations/{c.id}/export.json?lang=bg").data)
    assert data["language"] == "bg"


def test_without_lang_an_export_is_in_the_page_language(staff_client, make, staff):
    c, _first, _reply = filled_consultation(make, staff)
    staff_client.get("/?lang=en")  # the person chose English for the interface
    response = staff_client.get(f"/staff/consultations/{c.id}/export.csv")
    assert response.data.decode("utf-8-sig").startswith("No.,Comment ID,")
    assert response.headers["Content-Language"] == "en"
    staff_client.get("/?lang=bg")
    response = staff_client.get(f"/staff/consultations/{c.id}/export.csv?lang=xx")
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert response.headers["Content-Language"] == "bg"


def test_an_export_of_an_empty_consultation_is_well_formed(staff_client, make):
    c = make.consultation("draft")
    data = json.loads(staff_client.get(f"/staff/consultations/{c.id}/export.json").data)
    assert data["comments"] == []
    assert data["totals"]["approved_comments"] == 0
    body = staff_client.get(f"/staff/consultations/{c.id}/export.csv").data
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.count(b"\r\n") == 1


def test_each_export_is_audited(staff_client, make, staff):
    c = make.consultation("open")
    staff_client.get(f"/staff/consultations/{c.id}/export.csv")
    staff_client.get(f"/staff/consultations/{c.id}/export.json")
    entries = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.object_id, e.note, e.actor_id) for e in entries] == [
        ("consultation.export", c.id, "csv", staff.id),
        ("consultation.export", c.id, "json", staff.id),
    ]
    assert staff_client.get(f"/staff/consultations/{c.id}/export.pdf").status_code == 404
