"""One comment's whole journey: written, moderated, answered, reported and exported."""

import csv
import io
import json

from app.auth.models import Sector
from app.consultations.models import CommentResponse, ConsultationState, ResponseDecision
from app.extensions import db
from app.moderation.models import AuditEntry, ModerationStatus

COMMENT = "Предлагам велоалеята по бул. „Васил Левски“ да е отделена от тротоара."
REASON_BG = "Приема се частично: отделяне с бордюр на участъците над 2 м."
REASON_EN = "Partly accepted: a kerb separates the stretches wider than 2 m."


def test_a_comment_goes_from_citizen_to_the_published_report(client, make, login):
    staff = make.staff(display_name="Служител")
    moderator = make.moderator()
    citizen = make.citizen(display_name="Анна Колева", sector=Sector.ACADEMIA)
    c = make.consultation("open", title_bg="Велосипедна инфраструктура")

    # 1. The citizen's comment waits for moderation, then a moderator approves it.
    comment = make.comment(c, citizen, status=ModerationStatus.PENDING, body=COMMENT)
    comment.approve(moderator)
    db.session.commit()
    assert comment.moderation_status is ModerationStatus.APPROVED

    # 2. Staff answer it in the response workspace.
    login(staff)
    workspace = client.get(f"/staff/consultations/{c.id}/responses?lang=en")
    assert COMMENT in workspace.get_data(as_text=True)
    assert "1 comment still needs a response." in workspace.get_data(as_text=True)
    response = client.post(
        f"/staff/comments/{comment.id}/response",
        data={
            f"r{comment.id}-decision": "partly_accepted",
            f"r{comment.id}-reason_bg": REASON_BG,
            f"r{comment.id}-reason_en": REASON_EN,
            f"r{comment.id}-next": f"/staff/consultations/{c.id}/responses",
        },
    )
    assert response.status_code == 302

    # 3. Staff close the consultation early, saying why.
    assert client.get(f"/reports/consultations/{c.id}").status_code == 200  # staff preview
    response = client.post(
        f"/staff/consultations/{c.id}/close",
        data={"close-reason": "Проектът се обединява с новата наредба."},
    )
    assert response.status_code == 302

    # 4. Every comment is answered, so the report can be published.
    response = client.post(f"/staff/consultations/{c.id}/publish-report")
    assert response.status_code == 302
    db.session.refresh(c)
    assert c.state is ConsultationState.REPORT_PUBLISHED

    # 5. Anyone reads the report: the comment, its author, the decision and the reasons.
    anonymous = client.application.test_client()
    page = anonymous.get(f"/reports/consultations/{c.id}?lang=en").get_data(as_text=True)
    assert c.title_en in page
    assert COMMENT in page
    assert "Анна Колева" in page
    assert "Partly accepted" in page
    assert REASON_EN in page
    assert "Проектът се обединява с новата наредба." in page
    page_bg = anonymous.get(f"/reports/consultations/{c.id}?lang=bg").get_data(as_text=True)
    assert REASON_BG in page_bg

    # 6. The CSV opens in Excel with its Cyrillic intact.
    export = client.get(f"/staff/consultations/{c.id}/export.csv?lang=en")
    assert export.data[:3] == b"\xef\xbb\xbf"
    text = export.data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert len(rows) == 2
    assert rows[1][7] == COMMENT
    assert rows[1][8] == "Partly accepted"
    assert rows[1][9] == REASON_EN
    assert rows[1][3] == "Анна Колева"

    # 7. The JSON counts agree.
    data = json.loads(client.get(f"/staff/consultations/{c.id}/export.json").data)
    assert data["consultation"]["phase"] == "report_published"
    assert data["totals"]["approved_comments"] == 1
    assert data["totals"]["by_decision"]["partly_accepted"] == 1
    assert data["totals"]["by_sector"]["academia"] == 1
    assert data["comments"][0]["body"] == COMMENT

    # 8. Every staff step left an audit row with its actor.
    saved = db.session.scalar(db.select(CommentResponse))
    assert saved.decision is ResponseDecision.PARTLY_ACCEPTED
    entries = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.actor_id) for e in entries] == [
        ("comment_response.save", staff.id),
        ("consultation.close", staff.id),
        ("consultation.publish_report", staff.id),
        ("consultation.export", staff.id),
        ("consultation.export", staff.id),
    ]
