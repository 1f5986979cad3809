"""The read-only open data API under /api/v1/."""

import csv
import io
from datetime import datetime, timedelta

from app.auth.models import Sector
from app.consultations.models import ConsultationState, ResponseDecision
from app.core.timeutil import local_today
from app.extensions import db
from app.moderation.models import ModerationStatus
from app.proposals.models import Stage


def test_the_openapi_document_describes_every_route_with_the_licence(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert spec["info"]["license"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert set(spec["paths"]) == {
        "/api/v1/",
        "/api/v1/consultations",
        "/api/v1/consultations/{consultation_id}",
        "/api/v1/comments",
        "/api/v1/proposals",
        "/api/v1/proposals/{proposal_id}",
        "/api/v1/reports",
        "/api/v1/reports/{consultation_id}",
        "/api/v1/indicators",
        "/api/v1/bulk/{dataset}.csv",
    }
    detail = spec["paths"]["/api/v1/consultations/{consultation_id}"]["get"]
    assert detail["parameters"][0]["in"] == "path"
    listing = spec["paths"]["/api/v1/consultations"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {
        "page",
        "per_page",
        "phase",
        "kind",
        "since",
        "until",
    }


def test_consultations_are_paginated_with_links_and_the_licence(client, make):
    for _ in range(3):
        make.consultation(phase="open")
    make.consultation(phase="draft", title_en="Secret draft")
    first = client.get("/api/v1/consultations?per_page=2").get_json()
    assert first["meta"]["total"] == 3
    assert first["meta"]["pages"] == 2
    assert first["meta"]["licence"]["name"] == "CC BY 4.0"
    assert len(first["data"]) == 2
    assert first["links"]["prev"] is None
    second = client.get(first["links"]["next"]).get_json()
    assert len(second["data"]) == 1
    assert second["links"]["next"] is None
    titles = [c["title"]["en"] for c in first["data"] + second["data"]]
    assert "Secret draft" not in titles
    beyond = client.get("/api/v1/consultations?per_page=2&page=9").get_json()
    assert beyond["data"] == []


def test_wrong_parameters_get_a_json_400(client):
    for query in ("per_page=101", "page=0", "page=x", "since=2024-13-01", "phase=draft"):
        response = client.get(f"/api/v1/consultations?{query}")
        assert response.status_code == 400, query
        body = response.get_json()
        assert body["status"] == 400
        assert body["detail"]


def test_consultations_filter_by_phase_kind_and_dates(client, make):
    today = local_today()
    make.consultation(phase="open", title_en="Open one")
    make.consultation(phase="scheduled", title_en="Coming one")
    make.consultation(phase="closed", title_en="Old one")

    def titles(query):
        return [c["title"]["en"] for c in client.get(f"/api/v1/consultations?{query}").json["data"]]

    assert titles("phase=open") == ["Open one"]
    assert titles("phase=scheduled") == ["Coming one"]
    assert titles(f"since={today.isoformat()}") == ["Coming one"]
    assert titles(f"until={(today - timedelta(days=30)).isoformat()}") == ["Old one"]
    assert titles("kind=strategy") == []


def test_a_consultation_comes_with_sections_and_documents(client, make):
    consultation = make.consultation(phase="open", sections=2)
    data = client.get(f"/api/v1/consultations/{consultation.id}").get_json()["data"]
    assert [s["heading"]["en"] for s in data["sections"]] == ["Section 1", "Section 2"]
    assert data["documents"] == []
    assert data["url"].endswith(f"/consultations/{consultation.id}")
    draft = make.consultation(phase="draft")
    missing = client.get(f"/api/v1/consultations/{draft.id}")
    assert missing.status_code == 404
    assert missing.get_json()["status"] == 404


def test_comments_show_authors_as_the_report_does_and_never_an_email(client, make):
    staff = make.staff()
    consultation = make.consultation(phase="closed")
    named = make.citizen(display_name="Мария Иванова", email="maria@example.org")
    shy = make.citizen(display_name="Hidden Person", email="shy@example.org")
    firm = make.user(sector=Sector.BUSINESS, organisation="Firm Ltd", email="firm@example.org")
    first = make.comment(consultation, named)
    make.comment(consultation, shy, show_name=False)
    make.comment(consultation, firm, show_name=False)
    make.comment(consultation, named, status=ModerationStatus.PENDING, body="Not yet")
    make.response(first, staff, ResponseDecision.ACCEPTED, reason_en="Good point.")
    response = client.get(f"/api/v1/comments?consultation={consultation.id}&lang=en")
    body = response.get_data(as_text=True)
    assert "@example.org" not in body
    assert "Not yet" not in body
    comments = response.get_json()["data"]
    assert [c["participant"] for c in comments] == ["Мария Иванова", "Citizen", "Firm Ltd"]
    # The response is a working draft until the report is published.
    assert comments[0]["response"] is None
    consultation.state = ConsultationState.REPORT_PUBLISHED
    db.session.commit()
    comments = client.get(f"/api/v1/comments?consultation={consultation.id}").get_json()["data"]
    assert comments[0]["response"]["decision"] == "accepted"
    assert comments[0]["response"]["reason"]["en"] == "Good point."


def test_proposals_carry_their_support_and_answer(client, make):
    author = make.citizen(display_name="Петър", email="petar@example.org")
    make.proposal(author, title="Парк", support_count=7, stage=Stage.ACCEPTED, answer_en="Yes.")
    make.proposal(author, title="Чака", status=ModerationStatus.PENDING)
    data = client.get("/api/v1/proposals").get_json()["data"]
    assert [(p["title"], p["support_count"], p["stage"]) for p in data] == [("Парк", 7, "accepted")]
    assert data[0]["author"] == "Петър"
    assert data[0]["answer"] == {"bg": None, "en": "Yes."}
    assert client.get("/api/v1/proposals?stage=rejected").get_json()["data"] == []
    one = client.get(data[0]["api_url"]).get_json()["data"]
    assert one["title"] == "Парк"


def test_only_published_reports_are_served_with_totals_and_rows(client, make):
    staff = make.staff()
    reported = make.consultation(
        phase="report_published", report_published_at=datetime(2024, 5, 2, 10)
    )
    pending = make.consultation(phase="closed")
    comment = make.comment(reported, make.citizen(display_name="Ана"))
    make.response(comment, staff, ResponseDecision.NOT_ACCEPTED, reason_bg="Не е в обхвата.")
    listing = client.get("/api/v1/reports").get_json()
    assert [r["consultation"]["id"] for r in listing["data"]] == [reported.id]
    report = client.get(f"/api/v1/reports/{reported.id}").get_json()["data"]
    assert report["totals"]["approved_comments"] == 1
    assert report["totals"]["by_decision"]["not_accepted"] == 1
    assert report["rows"][0]["participant"] == "Ана"
    assert report["rows"][0]["reason"]["bg"] == "Не е в обхвата."
    assert client.get(f"/api/v1/reports/{pending.id}").status_code == 404
    assert client.get("/api/v1/reports?since=2024-05-03").get_json()["data"] == []


def test_indicators_for_a_period(client):
    data = client.get("/api/v1/indicators?year=2024").get_json()
    assert data["period"] == {"start": "2024-01-01", "end": "2024-12-31"}
    assert data["meta"]["licence"]["name"] == "CC BY 4.0"
    assert len(data["indicators"]) == 20
    held = data["indicators"][0]
    assert (held["id"], held["value"]) == ("GLAS-C01", 0)
    assert client.get("/api/v1/indicators?year=1999").status_code == 400
    assert client.get("/api/v1/indicators?start=2024-01-01").status_code == 400


def test_bulk_csv_is_streamed_utf8_with_a_bom_and_safe_cells(client, make):
    consultation = make.consultation(phase="open")
    author = make.citizen(email="csv@example.org")
    make.comment(consultation, author, body='=HYPERLINK("http://x")')
    response = client.get("/api/v1/bulk/comments.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.is_streamed
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "consultation_id", "section_id"]
    assert rows[1][rows[0].index("body")] == '\'=HYPERLINK("http://x")'
    assert b"csv@example.org" not in raw
    for dataset in ("consultations", "proposals"):
        assert client.get(f"/api/v1/bulk/{dataset}.csv").status_code == 200
    assert client.get("/api/v1/bulk/users.csv").status_code == 404


def test_the_api_only_reads(client):
    response = client.post("/api/v1/consultations")
    assert response.status_code == 405
    assert response.get_json()["status"] == 405


def test_long_lists_can_be_walked_by_cursor_without_gaps_or_repeats(client, make):
    consultation = make.consultation()
    author = make.citizen()
    made = [make.comment(consultation, author).id for _ in range(5)]
    make.comment(consultation, author, status=ModerationStatus.PENDING)

    seen, url = [], "/api/v1/comments?per_page=2&after=0"
    while url:
        body = client.get(url).get_json()
        assert "total" not in body["meta"]
        seen += [c["id"] for c in body["data"]]
        url = body["links"]["next_by_cursor"]
    assert seen == made

    numbered = client.get("/api/v1/comments?per_page=2").get_json()
    continued = client.get(numbered["links"]["next_by_cursor"]).get_json()
    assert [c["id"] for c in continued["data"]] == made[2:4]


def test_proposals_by_cursor_run_newest_first(client, make):
    author = make.citizen()
    made = [make.proposal(author).id for _ in range(3)]
    first = client.get("/api/v1/proposals?per_page=2").get_json()
    rest = client.get(first["links"]["next_by_cursor"]).get_json()
    assert [p["id"] for p in first["data"] + rest["data"]] == made[::-1]
    assert rest["links"]["next_by_cursor"] is None
    assert client.get("/api/v1/proposals?after=x").status_code == 400
