"""`flask seed-demo`: an empty database gets a demo that shows every state of the product."""

import re
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import models as all_models
from app.auth.models import Role, Sector, User
from app.consultations.models import (
    Comment,
    CommentResponse,
    Consultation,
    ConsultationKind,
    Document,
    DocumentKind,
    Phase,
    ResponseDecision,
)
from app.core.timeutil import city_timezone
from app.extensions import db
from app.moderation.models import AuditEntry, Flag, ModerationStatus
from app.proposals.models import Category, Proposal, Stage, Support

STRATEGY_BG = "Стратегия за цифрова трансформация на София 2026–2030"


@pytest.fixture
def seeded(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result.output


def all_of(model):
    return db.session.scalars(select(model).order_by(model.id)).all()


def all_of_where(model, condition):
    return db.session.scalars(select(model).where(condition)).all()


def row_counts() -> dict[str, int]:
    return {
        name: db.session.scalar(select(func.count()).select_from(getattr(all_models, name)))
        for name in all_models.__all__
    }


def local_date(moment):
    """The city's calendar day of a naive UTC timestamp."""
    return moment.replace(tzinfo=UTC).astimezone(city_timezone()).date()


def printed_password(output: str, email: str) -> str:
    line = next(line for line in output.splitlines() if line.startswith(email + " "))
    return line.split()[1]


def test_consultations_cover_every_phase_in_two_languages(seeded):
    consultations = all_of(Consultation)
    phases = [c.phase for c in consultations]
    assert set(phases) == set(Phase)
    assert phases.count(Phase.OPEN) >= 2
    for c in consultations:
        assert c.title_bg
        assert c.title_en
        assert c.summary_bg
        assert c.summary_en
        assert c.body_bg
        assert c.body_en
        assert 3 <= len(c.sections) <= 6
        assert [s.position for s in c.sections] == list(range(len(c.sections)))
        assert all(s.heading_bg and s.heading_en and s.body_bg for s in c.sections)
    assert {c.kind for c in consultations} == set(ConsultationKind)


def test_every_published_period_is_lawful_and_one_states_its_exception(seeded):
    published = [c for c in all_of(Consultation) if c.phase is not Phase.DRAFT]
    for c in published:
        assert c.duration_days >= 14
        if c.duration_days < 30:
            assert c.exceptional_reason_bg
            assert c.exceptional_reason_en
    exceptional = [c for c in published if c.is_exceptional]
    assert [c.title_en for c in exceptional] == ["Open Data Policy of Sofia Municipality"]
    assert exceptional[0].phase is Phase.OPEN


def test_the_dossiers_are_real_files_in_the_upload_folder(seeded, app):
    documents = all_of(Document)
    folder = Path(app.config["UPLOAD_FOLDER"])
    for document in documents:
        assert re.fullmatch(r"[0-9a-f]{32}\.pdf", document.stored_name)
        content = (folder / document.stored_name).read_bytes()
        assert len(content) == document.size_bytes
        assert content.startswith(b"%PDF-1.4")
        assert content.rstrip().endswith(b"%%EOF")
        # The cross-reference table points at the objects: a reader can open the file.
        xref_at = int(content.rsplit(b"startxref", 1)[1].split()[0])
        assert content[xref_at:].startswith(b"xref")
        for n, entry in enumerate(re.findall(rb"(\d{10}) 00000 n", content[xref_at:]), 1):
            assert content[int(entry) :].startswith(b"%d 0 obj" % n)
    open_strategy = next(c for c in all_of(Consultation) if c.title_bg == STRATEGY_BG)
    kinds = {d.kind for d in open_strategy.documents}
    assert {DocumentKind.DRAFT_ACT, DocumentKind.MOTIVES, DocumentKind.IMPACT_ASSESSMENT} <= kinds


def test_comments_are_in_every_moderation_state_with_reasons(seeded):
    comments = all_of(Comment)
    assert {c.moderation_status for c in comments} == set(ModerationStatus)
    for c in comments:
        if c.moderation_status in (ModerationStatus.REJECTED, ModerationStatus.HIDDEN):
            assert c.moderation_reason is not None
            assert c.moderation_note
        if c.moderation_status is not ModerationStatus.PENDING:
            assert c.moderated_by.role is Role.MODERATOR
            assert c.moderated_at > c.created_at
    assert any(c.parent_id for c in comments)
    assert any(c.section_id for c in comments)
    assert any(not c.section_id for c in comments)
    assert {c.language for c in comments} == {"bg", "en"}
    assert {c.show_name for c in comments} == {True, False}
    flagged = all_of(Flag)
    assert any(f.resolved_at is None for f in flagged)
    assert any(f.proposal_id for f in flagged)
    assert any(f.comment_id for f in flagged)


def test_comments_fall_within_their_consultation_and_answers_after_it(seeded):
    for c in all_of(Comment):
        assert c.consultation.opens_on <= local_date(c.created_at) <= c.consultation.closes_on
        if c.parent is not None:
            assert c.parent.created_at < c.created_at
            assert c.parent.consultation_id == c.consultation_id
        if c.response is not None:
            assert local_date(c.response.created_at) > c.consultation.closes_on


def test_the_report_answers_every_published_comment_and_the_closed_one_only_some(seeded):
    by_phase = {c.phase: c for c in all_of(Consultation)}

    def approved(consultation):
        return [
            c
            for c in all_of(Comment)
            if c.consultation_id == consultation.id
            and c.moderation_status is ModerationStatus.APPROVED
        ]

    reported = approved(by_phase[Phase.REPORT_PUBLISHED])
    assert reported
    assert all(c.response is not None for c in reported)
    closed = approved(by_phase[Phase.CLOSED])
    answered = [c for c in closed if c.response is not None]
    assert 0 < len(answered) < len(closed)
    responses = all_of(CommentResponse)
    assert {r.decision for r in responses} == set(ResponseDecision)
    assert all(r.reason_bg and r.reason_en and r.responded_by.is_staff for r in responses)


def test_proposals_cover_every_stage_with_true_support_counts(seeded, app):
    threshold = app.config["SUPPORT_THRESHOLD"]
    proposals = all_of(Proposal)
    assert {p.moderation_status for p in proposals} >= {
        ModerationStatus.PENDING,
        ModerationStatus.APPROVED,
        ModerationStatus.REJECTED,
    }
    approved = [p for p in proposals if p.moderation_status is ModerationStatus.APPROVED]
    assert {p.stage for p in approved} == set(Stage)
    assert len({p.category_id for p in proposals}) >= 5
    for p in proposals:
        supports = all_of_where(Support, Support.proposal_id == p.id)
        assert p.support_count == len(supports)
        assert all(s.created_at > p.created_at for s in supports)
        if p.moderation_status is not ModerationStatus.APPROVED:
            assert p.support_count == 0
        if p.stage is Stage.COLLECTING:
            assert p.support_count < threshold
        if p.stage is Stage.THRESHOLD_REACHED:
            assert p.support_count >= threshold
            assert p.threshold_reached_at
        if p.stage in (Stage.UNDER_REVIEW, Stage.ACCEPTED, Stage.REJECTED, Stage.IMPLEMENTED):
            assert p.answer_bg
            assert p.answer_en
            assert p.answered_by.is_staff
            assert p.first_answered_at <= p.answered_at
            assert all(s.created_at < p.first_answered_at for s in supports)
    supporters = db.session.scalar(select(func.count(func.distinct(Support.user_id))))
    assert supporters >= threshold


def test_accounts_cover_every_role_and_sector(seeded):
    users = all_of(User)
    assert {u.role for u in users} == set(Role)
    assert {u.sector for u in users} == set(Sector)
    assert {u.locale for u in users} == {"bg", "en"}
    assert all(u.email.endswith("@demo.glas.bg") for u in users)
    assert all(u.password_hash.startswith("$argon2id$") for u in users)
    organisations = {u.organisation for u in users}
    assert {"Sofia Tech Park", "Код за България"} <= organisations
    assert db.session.scalar(select(func.count()).select_from(Category)) >= 5


def test_every_moderation_decision_and_staff_answer_is_audited(seeded):
    entries = {(e.action, e.object_type, e.object_id) for e in all_of(AuditEntry)}
    for c in all_of(Comment):
        if c.moderation_status is ModerationStatus.REJECTED:
            assert ("comment.reject", "comment", c.id) in entries
        if c.moderation_status in (ModerationStatus.APPROVED, ModerationStatus.HIDDEN):
            assert ("comment.approve", "comment", c.id) in entries
        if c.moderation_status is ModerationStatus.HIDDEN:
            assert ("comment.hide", "comment", c.id) in entries
        if c.response is not None:
            assert ("comment_response.save", "comment_response", c.response.id) in entries
    for p in all_of(Proposal):
        if p.answered_at:
            assert ("proposal.answer", "proposal", p.id) in entries
    reported = next(c for c in all_of(Consultation) if c.phase is Phase.REPORT_PUBLISHED)
    assert ("consultation.publish_report", "consultation", reported.id) in entries


def test_the_printed_staff_password_logs_in(seeded, client, login):
    assert "demo-staff-2026" in seeded
    password = printed_password(seeded, "staff@demo.glas.bg")
    staff = db.session.scalar(select(User).where(User.email == "staff@demo.glas.bg"))
    assert staff.role is Role.STAFF
    login(staff, password=password)
    assert client.get("/staff/").status_code == 200


def test_the_printed_moderator_and_citizen_passwords_log_in(seeded, app):
    for email in ("moderator@demo.glas.bg", "citizen@demo.glas.bg", "supporter01@demo.glas.bg"):
        password = "demo-citizen-2026" if "supporter" in email else None
        password = password or printed_password(seeded, email)
        response = app.test_client().post(
            "/account/login", data={"email": email, "password": password}
        )
        assert response.status_code == 302, email


def test_the_readme_lists_the_accounts_the_command_prints(seeded):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    printed = [
        line.split() for line in seeded.splitlines() if re.match(r"\S+@demo\.glas\.bg ", line)
    ]
    assert len(printed) >= len(set(Role)) + len(set(Sector))
    for email, password, role, *_ in printed:
        assert f"| {email} | {password} | {role} |" in readme


def test_a_second_run_adds_nothing(seeded, runner, app):
    before = row_counts()
    files = sorted(Path(app.config["UPLOAD_FOLDER"]).iterdir())
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    assert "Demo data already present" in result.output
    assert row_counts() == before
    assert sorted(Path(app.config["UPLOAD_FOLDER"]).iterdir()) == files


def test_a_database_with_other_data_is_left_alone(runner, make):
    make.staff(email="maria@sofia.bg")
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    assert "nothing added" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 0


def test_public_pages_render_the_demo(seeded, client):
    strategy = db.session.scalar(select(Consultation).where(Consultation.title_bg == STRATEGY_BG))
    home = client.get("/")
    assert home.status_code == 200
    assert STRATEGY_BG in home.get_data(as_text=True)
    assert "Безплатен Wi-Fi в парковете" in home.get_data(as_text=True)
    assert client.get("/consultations/").status_code == 200
    assert client.get(f"/consultations/{strategy.id}").status_code == 200
    assert client.get(f"/consultations/{strategy.id}?lang=en").status_code == 200
    document = strategy.documents[0]
    with client.get(f"/consultations/{strategy.id}/documents/{document.id}") as download:
        assert download.status_code == 200
        assert download.get_data().startswith(b"%PDF-")
    proposal = db.session.scalar(select(Proposal).where(Proposal.stage == Stage.IMPLEMENTED))
    assert client.get("/proposals/").status_code == 200
    assert client.get(f"/proposals/{proposal.id}").status_code == 200
