import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, update

from app.core.timeutil import local_today
from app.extensions import db
from app.moderation.models import AuditEntry, AuditLogIsAppendOnly, ReasonCode, record

from .conftest import PENDING, ago


def rows_on(client, query):
    page = client.get(f"/moderation/audit?lang=en&{query}").get_data(as_text=True)
    body = page.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in page else ""
    return body.count("<tr>")


def test_an_audit_row_cannot_be_changed_through_the_orm(make):
    entry = record(make.moderator(), "comment.approve", make.proposal(make.citizen()))
    db.session.commit()

    entry.note = "поправено по-късно"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()

    db.session.delete(entry)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()

    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(update(AuditEntry).values(note="x"))
    db.session.rollback()
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(delete(AuditEntry))
    db.session.rollback()

    kept = db.session.scalar(select(AuditEntry))
    assert (kept.action, kept.note) == ("comment.approve", None)


def test_the_audit_log_filters_by_date_range_and_object_type(client, make, login):
    moderator = make.moderator()
    author = make.citizen()
    proposal = make.proposal(author, status=PENDING)
    comment = make.comment(make.consultation(), author, status=PENDING)
    record(moderator, "proposal.approve", proposal).created_at = ago(days=10)
    record(moderator, "comment.approve", comment).created_at = ago(days=3)
    record(moderator, "user.suspend", author, reason=local_today().isoformat(), note="Обиди")
    db.session.commit()
    login(make.staff())
    today = local_today()

    assert rows_on(client, "") == 3
    assert rows_on(client, "object_type=user") == 1
    assert rows_on(client, "object_type=proposal") == 1
    assert rows_on(client, f"since={(today - timedelta(days=5)).isoformat()}") == 2
    assert rows_on(client, f"until={(today - timedelta(days=5)).isoformat()}") == 1
    window = f"since={(today - timedelta(days=11)).isoformat()}&until={(today - timedelta(days=2)).isoformat()}"
    assert rows_on(client, window) == 2
    assert rows_on(client, "action=user") == 1
    page = client.get("/moderation/audit?lang=en&object_type=user").get_data(as_text=True)
    assert "Account suspended" in page
    assert author.display_name in page


def test_a_reversed_date_range_is_shown_as_an_error(client, make, login):
    login(make.moderator())
    today = local_today()
    page = client.get(
        f"/moderation/audit?lang=en&since={today.isoformat()}&until={(today - timedelta(days=3)).isoformat()}"
    ).get_data(as_text=True)
    assert "The end of the period comes before its start." in page


def test_the_audit_log_exports_as_csv_with_a_bom_and_records_the_export(client, make, login):
    moderator = make.moderator(display_name="Мира Модераторова")
    proposal = make.proposal(make.citizen(), status=PENDING)
    record(moderator, "proposal.reject", proposal, reason=ReasonCode.SPAM, note="=HYPERLINK(1)")
    db.session.commit()
    staff = make.staff()
    login(staff)

    response = client.get("/moderation/audit.csv?lang=en&action=proposal")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Time (UTC)", "Who", "Account ID", "Action"]
    assert len(rows) == 2
    assert rows[1][1] == "Мира Модераторова"
    assert rows[1][3] == "Proposal rejected"
    assert rows[1][4] == "proposal.reject"
    assert rows[1][7] == "Spam or advertising"
    assert rows[1][8] == "'=HYPERLINK(1)"  # never run as a formula
    export = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "audit.export"))
    assert (export.actor_id, export.object_type, export.note) == (
        staff.id,
        "audit_log",
        "action=proposal",
    )
    page = client.get("/moderation/audit?lang=en").get_data(as_text=True)
    assert "Audit log exported" in page


def test_the_export_is_for_staff_and_moderators_only(client, make, login):
    for user, status in ((make.moderator(), 200), (make.citizen(), 403)):
        login(user)
        assert client.get("/moderation/audit.csv").status_code == status
        client.post("/account/logout")
    assert client.get("/moderation/audit.csv").status_code == 302
    exports = (
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "audit.export")
    )
    assert db.session.scalar(exports) == 1


def test_the_export_streams_many_rows(client, make, login):
    moderator = make.moderator()
    proposal = make.proposal(make.citizen())
    for _ in range(450):
        record(moderator, "proposal.keep", proposal)
    db.session.commit()
    login(moderator)
    response = client.get("/moderation/audit.csv")
    assert response.is_streamed
    lines = response.get_data().decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 450 + 1  # the header, the rows, and the export's own row


def test_every_action_the_application_records_has_a_label():
    from pathlib import Path

    from app.moderation.services import ACTION_LABELS

    root = Path(__file__).resolve().parents[2] / "app"
    import re

    found = set()
    for path in root.rglob("*.py"):
        found |= set(re.findall(r'record\(\s*[\w.]+,\s*"([a-z_]+\.[a-z_]+)"', path.read_text()))
        found |= set(re.findall(r'f"\{kind\}\.(\w+)"', path.read_text()))
    actions = {a for a in found if "." in a}
    missing = sorted(a for a in actions if a not in ACTION_LABELS)
    assert missing == []
