"""A participant downloads their data, and can erase their account."""

import json

from sqlalchemy import func, select

from app.auth.models import User
from app.consultations.models import Comment
from app.extensions import db
from app.moderation.models import AuditEntry, Flag, ModerationStatus, ReasonCode, record
from app.proposals.models import Proposal, Stage, Support

from .helpers import mails_to

APPROVED = "Подкрепям удължаването на линията до Горубляне."
PENDING = "Още един коментар, който чака модерация."
REJECTED = "Коментар извън темата."


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def support(proposal, user):
    db.session.add(Support(proposal_id=proposal.id, user_id=user.id))
    proposal.support_count += 1
    db.session.commit()


def participant_with_history(make):
    """A participant who commented, proposed, supported and reported; and what they touched."""
    user = make.citizen(
        email="ana@example.org", display_name="Ана Петрова", organisation="Сдружение Зелено"
    )
    other = make.citizen()
    moderator = make.moderator()
    c = make.consultation("open")
    approved = make.comment(c, user, body=APPROVED)
    pending = make.comment(c, user, status=ModerationStatus.PENDING, body=PENDING)
    rejected = make.comment(c, user, status=ModerationStatus.PENDING, body=REJECTED)
    rejected.reject(moderator, ReasonCode.OFF_TOPIC, note="Не е по темата.")
    record(
        moderator, "comment.reject", rejected, reason=ReasonCode.OFF_TOPIC, note="Не е по темата."
    )
    own_published = make.proposal(user, title="Пейки в Южния парк")
    own_pending = make.proposal(user, status=ModerationStatus.PENDING, title="Чакащо предложение")
    collecting = make.proposal(other, title="Велоалея")
    answered = make.proposal(other, title="Детска площадка", stage=Stage.UNDER_REVIEW)
    support(collecting, user)
    support(collecting, other)
    support(answered, user)
    reported = make.comment(c, other, body="Реклама")
    db.session.add(Flag(user_id=user.id, comment_id=reported.id, reason=ReasonCode.SPAM))
    db.session.commit()
    return {
        "user": user,
        "approved": approved,
        "pending": pending,
        "rejected": rejected,
        "own_published": own_published,
        "own_pending": own_pending,
        "collecting": collecting,
        "answered": answered,
        "consultation": c,
    }


def test_a_participant_downloads_everything_about_them(client, make, login):
    h = participant_with_history(make)
    login(h["user"])
    response = client.get("/account/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))

    assert data["profile"]["email"] == "ana@example.org"
    assert data["profile"]["organisation"] == "Сдружение Зелено"
    assert "password_hash" not in json.dumps(data)
    bodies = {c["body"]: c for c in data["comments"]}
    assert set(bodies) == {APPROVED, PENDING, REJECTED}
    assert bodies[REJECTED]["moderation"] == {
        "status": "rejected",
        "reason": "off_topic",
        "note": "Не е по темата.",
        "decided_at": bodies[REJECTED]["moderation"]["decided_at"],
    }
    assert {p["title"] for p in data["proposals"]} == {"Пейки в Южния парк", "Чакащо предложение"}
    assert {s["proposal_title"] for s in data["supports"]} == {"Велоалея", "Детска площадка"}
    assert data["reports_you_made"][0]["reason"] == "spam"
    (decision,) = data["moderation_decisions_on_your_content"]
    assert (decision["action"], decision["object_id"]) == ("comment.reject", h["rejected"].id)
    assert "actor_id" not in decision  # the moderator's identity is not the participant's data


def test_the_export_needs_a_login(client):
    response = client.get("/account/export.json")
    assert response.status_code == 302


def test_deleting_the_account_needs_the_password(client, make, login):
    user = make.citizen()
    login(user)
    page = client.get("/account/delete?lang=en").get_data(as_text=True)
    assert "Deleted participant" in page  # it says what will happen
    response = client.post("/account/delete?lang=en", data={"current_password": "wrong one!"})
    assert response.status_code == 200
    assert "This is not your current password." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert not user.is_deleted


def test_deleting_the_account_anonymises_it_and_keeps_the_public_record(client, make, login):
    h = participant_with_history(make)
    user, user_id = h["user"], h["user"].id
    ids = {key: h[key].id for key in h if key != "user"}
    login(user)

    response = client.post("/account/delete", data={"current_password": make.PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    db.session.expire_all()

    # The person: no personal data left, and no way in.
    user = db.session.get(User, user_id)
    assert user.email == f"deleted-{user_id}@invalid"
    assert user.display_name == "Deleted participant"
    assert (user.organisation, user.district) == (None, None)
    assert user.is_deleted
    assert not user.is_active
    assert not user.password_hash.startswith("$argon2")
    assert client.get("/account/profile").status_code == 302  # logged out
    login_again = client.post(
        "/account/login", data={"email": "ana@example.org", "password": make.PASSWORD}
    )
    assert login_again.status_code == 200

    # Published and decided content stays, without its author; pending content is gone.
    assert db.session.get(Comment, ids["approved"]).author_id is None
    assert db.session.get(Comment, ids["rejected"]).author_id is None
    assert db.session.get(Comment, ids["pending"]) is None
    assert db.session.get(Proposal, ids["own_published"]).author_id is None
    assert db.session.get(Proposal, ids["own_pending"]) is None
    assert count(Flag, Flag.user_id.is_(None)) == 1

    # Support is withdrawn where support is still collected; counters match the rows.
    collecting = db.session.get(Proposal, ids["collecting"])
    answered = db.session.get(Proposal, ids["answered"])
    assert collecting.support_count == count(Support, Support.proposal_id == collecting.id) == 1
    assert answered.support_count == count(Support, Support.proposal_id == answered.id) == 1

    # The published comment is shown as written by a deleted participant.
    page = client.get(f"/consultations/{ids['consultation']}?lang=en").get_data(as_text=True)
    assert APPROVED in page
    assert "Deleted participant" in page
    assert "Ана Петрова" not in page

    # Audited, and the person was told at the address they had.
    assert count(AuditEntry, AuditEntry.action == "user.delete") == 1
    assert (
        mails_to("ana@example.org")[-1]["Subject"] == "Профилът ви в „Глас“ е изтрит"
    )  # in the account's language (bg)


def test_staff_accounts_are_not_deleted_by_themselves(client, make, login):
    staff = make.staff()
    login(staff)
    page = client.get("/account/delete?lang=en").get_data(as_text=True)
    assert "closed by an administrator" in page
    response = client.post("/account/delete", data={"current_password": make.PASSWORD})
    assert response.status_code == 200
    db.session.refresh(staff)
    assert not staff.is_deleted


def test_other_features_records_are_exported_and_erased(client, make, login):
    """Tables added by other features (notifications here) are found through the schema."""
    table = db.metadata.tables.get("notifications")
    if table is None:  # pragma: no cover (the notifications feature is not installed)
        return
    user = make.citizen()
    db.session.execute(
        table.insert().values(
            user_id=user.id, kind="comment.reject", object_type="comment", object_id=7
        )
    )
    db.session.commit()
    login(user)
    data = json.loads(client.get("/account/export.json").get_data(as_text=True))
    (row,) = data["notifications"]
    assert (row["kind"], row["object_id"]) == ("comment.reject", 7)
    assert "user_id" not in row

    client.post("/account/delete", data={"current_password": make.PASSWORD})
    assert count(table, table.c.user_id == user.id) == 0
