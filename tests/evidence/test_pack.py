"""The staff evidence pack (XLSX, JSON, zip of CSVs) and the generated documentation."""

import csv
import io
import json
import zipfile

from openpyxl import load_workbook
from sqlalchemy import select

from app.evidence import routes as evidence_routes
from app.evidence.definitions import INDICATORS
from app.evidence.docs import DOCS_PATH, render_markdown
from app.extensions import db
from app.moderation.models import AuditEntry


def test_visitors_and_participants_cannot_download_the_pack(client, make, login, world):
    anonymous = client.get("/participation/pack.json?year=2024")
    assert anonymous.status_code == 302
    assert "/account/login" in anonymous.headers["Location"]
    login(make.citizen())
    assert client.get("/participation/pack.json?year=2024").status_code == 403


def test_the_json_pack_has_every_indicator_with_both_languages(client, make, login, world):
    staff = make.staff()
    login(staff)
    response = client.get("/participation/pack.json?year=2024")
    assert response.status_code == 200
    assert 'filename="glas-evidence-2024.json"' in response.headers["Content-Disposition"]
    pack = json.loads(response.data)
    assert pack["period"] == {"start": "2024-01-01", "end": "2024-12-31"}
    assert pack["generated_at"].endswith("Z")
    assert pack["licence"]["name"] == "CC BY 4.0"
    assert pack["parameters"]["advance_notice_days"] == 14
    by_id = {item["id"]: item for item in pack["indicators"]}
    assert list(by_id) == [i.id for i in INDICATORS]
    c02 = by_id["GLAS-C02"]
    assert (c02["value"], c02["numerator"], c02["denominator"]) == (75.0, 3, 4)
    assert c02["unit"] == "percent"
    assert c02["definition"]["bg"].startswith("Делът на консултациите")
    assert c02["definition"]["en"].startswith("The share of consultations")
    assert {f["framework"] for f in c02["frameworks"]} == {"lna", "oecd"}
    i03 = by_id["GLAS-I03"]
    assert i03["value"] == 66.6667
    ngo = next(r for r in i03["breakdown"]["rows"] if r["key"] == "ngo")
    assert ngo["value"] is None  # not applicable: no decided NGO proposal
    assert ngo["label"] == {
        "bg": "Неправителствена организация",
        "en": "Non-governmental organisation",
    }
    # Who downloaded what is in the audit log.
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "evidence.export")
    ).one()
    assert entry.actor_id == staff.id
    assert entry.note == "json: 2024-01-01 – 2024-12-31"


def test_the_xlsx_pack_opens_with_definitions_and_breakdowns(client, make, login, world):
    login(make.staff())
    response = client.get("/participation/pack.xlsx?start=2024-01-01&end=2024-12-31&lang=en")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["Indicators"]
    header = [cell.value for cell in sheet[1]]
    assert header[:7] == [
        "ID",
        "Name (Bulgarian)",
        "Name (English)",
        "Value",
        "Numerator",
        "Denominator",
        "Unit",
    ]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {i.id for i in INDICATORS}
    assert rows["GLAS-C02"][3:6] == (75, 3, 4)
    assert rows["GLAS-P05"][3] == 0.25
    assert rows["GLAS-C02"][7].startswith("Делът на консултациите")
    assert "Law on Normative Acts (Bulgaria), art. 26" in rows["GLAS-C02"][14]
    assert rows["GLAS-C02"][15:17] == ("2024-01-01", "2024-12-31")
    breakdowns = list(book["Breakdowns"].iter_rows(min_row=2, values_only=True))
    mladost = next(r for r in breakdowns if r[0] == "GLAS-P05" and r[2] == "mladost")
    assert mladost[3:] == ("Младост", "Mladost", 50, 2, 4, 30)


def test_the_zip_pack_has_one_csv_per_breakdown(client, make, login, world):
    login(make.staff())
    response = client.get("/participation/pack.zip?year=2024&lang=en")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    assert "indicators.csv" in names
    assert "GLAS-R01-sector.csv" in names
    assert len(names) == 1 + sum(1 for i in INDICATORS if i.breakdown)
    raw = archive.read("GLAS-R01-sector.csv")
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Key", "Label", "Value", "Numerator", "Denominator"]
    assert ["business", "Business", "100.0", "2", "2"] in rows
    summary = list(csv.reader(io.StringIO(archive.read("indicators.csv").decode("utf-8-sig"))))
    assert summary[1][:5] == ["GLAS-C01", "Public consultations held", "4", "4", ""]


def test_a_bad_period_sends_staff_back_to_the_page(client, make, login):
    login(make.staff())
    response = client.get("/participation/pack.xlsx?start=2024-01-01")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/participation/")


def test_the_committed_documentation_is_current():
    assert DOCS_PATH.read_text(encoding="utf-8") == render_markdown(), (
        "docs/indicators.md is out of date: run `flask evidence docs`"
    )
    for indicator in INDICATORS:
        assert f"### {indicator.id} — {indicator.name_en}" in render_markdown()


def test_the_docs_command_writes_the_file(runner, tmp_path, monkeypatch):
    target = tmp_path / "indicators.md"
    monkeypatch.setattr(evidence_routes, "DOCS_PATH", target)
    result = runner.invoke(args=["evidence", "docs"])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == render_markdown()
