"""Counts on lists come from kept counters: they follow every change of publication, and
`flask reconcile-counters` proves (or repairs) that they match the rows."""

from sqlalchemy import update

from app.consultations.models import Consultation, Section
from app.core.counters import reconcile_counters
from app.extensions import db
from app.moderation.models import ModerationStatus, ReasonCode
from app.moderation.services import decide
from app.proposals.models import Proposal


def _counts(consultation):
    db.session.expire_all()
    fresh = db.session.get(Consultation, consultation.id)
    return fresh.comment_count, {s.id: s.comment_count for s in fresh.sections}


def test_comment_counters_follow_publication_hiding_and_deletion(make):
    consultation = make.consultation()
    first, second = consultation.sections
    author, moderator = make.citizen(), make.moderator()
    on_first = make.comment(consultation, author, section_id=first.id)
    pending = make.comment(consultation, author, status=ModerationStatus.PENDING)
    make.comment(consultation, author, parent_id=on_first.id, section_id=first.id)
    assert _counts(consultation) == (2, {first.id: 2, second.id: 0})

    decide(pending, moderator, "approve")
    db.session.commit()
    assert _counts(consultation) == (3, {first.id: 2, second.id: 0})

    decide(db.session.get(type(on_first), on_first.id), moderator, "hide", ReasonCode.OFF_TOPIC)
    db.session.commit()
    assert _counts(consultation) == (2, {first.id: 1, second.id: 0})

    rejected = make.comment(consultation, author, status=ModerationStatus.PENDING)
    decide(rejected, moderator, "reject", ReasonCode.OFF_TOPIC)
    db.session.commit()
    assert _counts(consultation) == (2, {first.id: 1, second.id: 0})
    assert reconcile_counters() == []


def test_the_pages_show_the_counters(client, make):
    consultation = make.consultation()
    section = consultation.sections[0]
    author = make.citizen()
    for _ in range(3):
        make.comment(consultation, author, section_id=section.id)
    make.comment(consultation, author)
    make.comment(consultation, author, status=ModerationStatus.PENDING)

    listing = client.get("/consultations/?lang=en").get_data(as_text=True)
    detail = client.get(f"/consultations/{consultation.id}?lang=en").get_data(as_text=True)

    assert "4 comments" in listing
    assert "3 comments" in detail  # on the section
    assert '<span class="meta">(4)</span>' in detail  # all
    assert '<span class="meta">(1)</span>' in detail  # on the consultation as a whole


def test_reconcile_counters_finds_drift_and_repairs_it(runner, make):
    consultation = make.consultation()
    author = make.citizen()
    make.comment(consultation, author, section_id=consultation.sections[0].id)
    proposal = make.proposal(author)
    clean = runner.invoke(args=["reconcile-counters"])
    assert clean.exit_code == 0, clean.output
    assert "consultations.comment_count: 0 drifted" in clean.output

    db.session.execute(update(Consultation).values(comment_count=7))
    db.session.execute(update(Section).values(comment_count=5))
    db.session.execute(update(Proposal).where(Proposal.id == proposal.id).values(support_count=9))
    db.session.commit()

    found = runner.invoke(args=["reconcile-counters"])
    assert found.exit_code == 1
    assert f"consultations.comment_count id={consultation.id}: stored 7, rows 1" in found.output
    assert f"proposals.support_count id={proposal.id}: stored 9, rows 0" in found.output

    fixed = runner.invoke(args=["reconcile-counters", "--fix"])
    assert fixed.exit_code == 0
    assert runner.invoke(args=["reconcile-counters"]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).support_count == 0
    assert _counts(consultation)[0] == 1
