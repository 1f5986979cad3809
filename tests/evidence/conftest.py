"""The small world of tests/evidence/test_indicators.py (its docstring explains it)."""

from datetime import date, datetime, timedelta

import pytest

from app.auth.models import Sector
from app.consultations.models import (
    ConsultationKind,
    ConsultationState,
    Document,
    DocumentKind,
    ResponseDecision,
)
from app.extensions import db
from app.moderation.models import AuditEntry, ModerationStatus
from app.proposals.models import Stage, Support

APPROVED, PENDING = ModerationStatus.APPROVED, ModerationStatus.PENDING
REJECTED, HIDDEN = ModerationStatus.REJECTED, ModerationStatus.HIDDEN


def at(*args) -> datetime:
    return datetime(*args)


@pytest.fixture
def world(app, make):
    app.config.update(
        SUPPORT_THRESHOLD=3,
        CITY_POPULATION=10_000,
        DISTRICT_POPULATIONS={"lozenets": 2_000, "mladost": 3_000, "lyulin": 5_000},
        EVIDENCE_ADVANCE_NOTICE_DAYS=14,
    )
    staff, moderator = make.staff(), make.moderator()
    a = make.citizen(district="lozenets")
    b = make.user(sector=Sector.BUSINESS, organisation="Firm Ltd", district="mladost")
    cc = make.user(sector=Sector.NGO, district="mladost")
    d = make.user(sector=Sector.ACADEMIA)
    e = make.citizen(district="lyulin")
    f = make.citizen(district="lyulin")

    def consultation(kind, opens, closes, state=ConsultationState.PUBLISHED, sections=0, **kw):
        return make.consultation(
            kind=kind, opens_on=opens, closes_on=closes, state=state, sections=sections, **kw
        )

    k1 = consultation(
        ConsultationKind.NORMATIVE_ACT,
        date(2024, 3, 1),
        date(2024, 4, 5),
        ConsultationState.REPORT_PUBLISHED,
        sections=1,
        published_at=at(2024, 2, 10, 10),
        closed_at=at(2024, 4, 6, 8),  # after the last day: the closing day stays 04-05
        report_published_at=at(2024, 4, 25, 10),
    )
    k2 = consultation(
        ConsultationKind.STRATEGY,
        date(2024, 5, 10),
        date(2024, 5, 30),
        ConsultationState.CLOSED,
        title_en="",
        exceptional_reason_bg="Спешна промяна",
        published_at=at(2024, 5, 1, 9),
        closed_at=at(2024, 5, 20, 7),
        early_close_reason="Enough input",
    )
    k3 = consultation(
        ConsultationKind.PLAN,
        date(2024, 12, 20),
        date(2025, 1, 25),
        sections=1,
        published_at=at(2024, 12, 6, 22, 30),
    )
    k3.sections[0].heading_en = ""
    k4 = consultation(
        ConsultationKind.OTHER,
        date(2023, 12, 1),
        date(2024, 1, 5),
        published_at=at(2023, 11, 1, 10),
    )
    consultation(ConsultationKind.OTHER, date(2024, 7, 1), date(2024, 7, 31), published_at=None)
    consultation(
        ConsultationKind.NORMATIVE_ACT,
        date(2024, 6, 1),
        date(2024, 7, 15),
        ConsultationState.DRAFT,
        published_at=None,
    )
    for n, (consulted, kind) in enumerate(
        [
            (k1, DocumentKind.DRAFT_ACT),
            (k1, DocumentKind.MOTIVES),
            (k1, DocumentKind.IMPACT_ASSESSMENT),
            (k1, DocumentKind.OTHER),
            (k2, DocumentKind.DRAFT_ACT),
            (k2, DocumentKind.MOTIVES),
            (k2, DocumentKind.MOTIVES),
        ]
    ):
        db.session.add(
            Document(
                consultation=consulted,
                kind=kind,
                title=f"Document {n}",
                original_name=f"doc{n}.pdf",
                stored_name=f"evidence-test-{n}.pdf",
                content_type="application/pdf",
                size_bytes=100,
            )
        )
    db.session.commit()

    def comment(consulted, author, created, status=APPROVED, **kw):
        return make.comment(consulted, author, status=status, created_at=created, **kw)

    c1 = comment(k1, a, at(2024, 3, 2, 10))
    c2 = comment(k1, b, at(2024, 3, 3, 10))
    c3 = comment(k1, cc, at(2024, 3, 4, 10))
    c4 = comment(k1, a, at(2024, 3, 5, 10), REJECTED)
    c5 = comment(k1, d, at(2024, 3, 6, 10), parent=c1)
    c6 = comment(k2, b, at(2024, 5, 12, 10))
    comment(k2, a, at(2024, 5, 15, 10), PENDING)
    comment(k3, cc, at(2024, 12, 22, 10))
    c9 = comment(k4, e, at(2023, 12, 10, 10))
    c10 = comment(k1, d, at(2024, 3, 7, 10), HIDDEN)
    make.response(c1, staff, ResponseDecision.ACCEPTED, reason_bg="Приема се", reason_en="")
    make.response(c2, staff, ResponseDecision.NOT_ACCEPTED, reason_bg=" ", reason_en="Out of scope")
    make.response(c3, staff, ResponseDecision.NOTED, reason_bg="", reason_en="")
    make.response(c6, staff, ResponseDecision.PARTLY_ACCEPTED, reason_bg="Частично", reason_en="")

    def proposal(author, created, stage, supports=0, status=APPROVED, **kw):
        return make.proposal(
            author,
            status=status,
            created_at=created,
            stage=stage,
            support_count=supports,
            **kw,
        )

    p1 = proposal(
        a,
        at(2024, 2, 1, 10),
        Stage.IMPLEMENTED,
        supports=3,
        threshold_reached_at=at(2024, 2, 6, 10),
        first_answered_at=at(2024, 2, 11, 10),  # 10.0 days
        answered_at=at(2024, 3, 1, 10),
    )
    proposal(
        b,
        at(2024, 6, 1, 0),
        Stage.ACCEPTED,
        supports=1,
        first_answered_at=at(2024, 6, 5, 12),  # 4.5 days
        answered_at=at(2024, 6, 5, 12),
    )
    proposal(
        a,
        at(2024, 8, 1, 0),
        Stage.REJECTED,
        first_answered_at=at(2024, 8, 3, 0),  # 2.0 days
        answered_at=at(2024, 8, 3, 0),
    )
    proposal(
        cc,
        at(2024, 9, 1, 0),
        Stage.UNDER_REVIEW,
        supports=4,  # at or above the threshold of 3, without a recorded moment
        first_answered_at=at(2024, 9, 7, 0),  # 6.0 days
        answered_at=at(2024, 9, 7, 0),
    )
    proposal(d, at(2024, 10, 1, 0), Stage.COLLECTING)
    p6 = proposal(b, at(2024, 10, 5, 0), Stage.COLLECTING, status=REJECTED)
    p7 = proposal(e, at(2023, 5, 1, 0), Stage.COLLECTING)
    db.session.add_all(
        [
            Support(proposal_id=p1.id, user_id=f.id, created_at=at(2024, 2, 5, 10)),
            Support(proposal_id=p7.id, user_id=a.id, created_at=at(2023, 6, 1, 10)),
        ]
    )

    def decided(action, item, hours, reason=None):
        db.session.add(
            AuditEntry(
                actor_id=moderator.id,
                action=action,
                object_type=action.split(".")[0],
                object_id=item.id,
                reason=reason,
                created_at=item.created_at + timedelta(hours=hours),
            )
        )

    # The moderation log of the period (other decisions are not in the log).
    decided("comment.approve", c1, 2)
    decided("comment.reject", c4, 1, "spam")
    decided("comment.approve", c5, 3)
    decided("comment.approve", c6, 8)
    decided("proposal.approve", p1, 24)
    decided("proposal.reject", p6, 5, "duplicate")
    decided("comment.approve", c9, 4)  # in 2023: outside the period
    decided("comment.hide", c10, 50, "offensive")  # hiding is not a first decision
    db.session.commit()
    return {"k1": k1, "k2": k2, "k3": k3, "k4": k4}
