"""Read models for pages that span features: home and search."""

from sqlalchemy import func, select

from ..consultations.models import Consultation, Phase
from ..extensions import db
from ..moderation.models import ModerationStatus
from ..proposals.models import Proposal
from .search import word_patterns
from .timeutil import local_today


def home_overview() -> dict:
    today = local_today()
    open_consultations = db.session.scalars(
        select(Consultation)
        .where(Consultation.phase_clause(Phase.OPEN, today))
        .order_by(Consultation.closes_on, Consultation.id)
        .limit(5)
    ).all()
    upcoming = db.session.scalars(
        select(Consultation)
        .where(Consultation.phase_clause(Phase.SCHEDULED, today))
        .order_by(Consultation.opens_on, Consultation.id)
        .limit(3)
    ).all()
    top_proposals = db.session.scalars(
        select(Proposal)
        .where(Proposal.moderation_status == ModerationStatus.APPROVED)
        .order_by(Proposal.support_count.desc(), Proposal.id.desc())
        .limit(5)
    ).all()
    counts = db.session.execute(
        select(
            select(func.count())
            .select_from(Consultation)
            .where(Consultation.public_clause())
            .scalar_subquery(),
            select(func.count())
            .select_from(Proposal)
            .where(Proposal.moderation_status == ModerationStatus.APPROVED)
            .scalar_subquery(),
        )
    ).one()
    return {
        "open_consultations": open_consultations,
        "upcoming": upcoming,
        "top_proposals": top_proposals,
        "consultation_total": counts[0],
        "proposal_total": counts[1],
        "today": today,
    }


def search(query: str, limit: int = 30) -> dict:
    """Public consultations and approved proposals containing every word of `query`, any case."""
    patterns = word_patterns(query)
    if not patterns:
        return {"consultations": [], "proposals": []}
    consultations = db.session.scalars(
        select(Consultation)
        .where(
            Consultation.public_clause(),
            *(Consultation.search_text.like(p, escape="\\") for p in patterns),
        )
        .order_by(Consultation.opens_on.desc(), Consultation.id.desc())
        .limit(limit)
    ).all()
    proposals = db.session.scalars(
        select(Proposal)
        .where(
            Proposal.moderation_status == ModerationStatus.APPROVED,
            *(Proposal.search_text.like(p, escape="\\") for p in patterns),
        )
        .order_by(Proposal.support_count.desc(), Proposal.id.desc())
        .limit(limit)
    ).all()
    return {"consultations": consultations, "proposals": proposals}
