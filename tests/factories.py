"""Builders for test data; each flushes and returns what it made."""

import itertools
from datetime import timedelta

from app.auth.models import Role, Sector
from app.auth.services import create_user
from app.consultations.models import (
    Comment,
    CommentResponse,
    Consultation,
    ConsultationState,
    ResponseDecision,
    Section,
)
from app.core.timeutil import local_today
from app.extensions import db
from app.moderation.models import ModerationStatus
from app.proposals.models import Category, Proposal


class Factory:
    PASSWORD = "correct horse battery staple"
    _seq = itertools.count(1)

    def user(self, role=Role.CITIZEN, sector=Sector.CITIZEN, verified=True, **kwargs):
        """An account; verified (e-mail confirmed) unless `verified=False`."""
        n = next(self._seq)
        kwargs.setdefault("email", f"person{n}@example.org")
        kwargs.setdefault("display_name", f"Person {n}")
        user = create_user(
            password=kwargs.pop("password", self.PASSWORD),
            role=role,
            sector=sector,
            verified=verified,
            **kwargs,
        )
        db.session.commit()
        return user

    def citizen(self, **kwargs):
        return self.user(Role.CITIZEN, **kwargs)

    def moderator(self, **kwargs):
        return self.user(Role.MODERATOR, Sector.PUBLIC_ADMINISTRATION, **kwargs)

    def staff(self, **kwargs):
        return self.user(Role.STAFF, Sector.PUBLIC_ADMINISTRATION, **kwargs)

    def admin(self, **kwargs):
        return self.user(Role.ADMIN, Sector.PUBLIC_ADMINISTRATION, **kwargs)

    def consultation(self, phase="open", sections=2, **kwargs):
        """A consultation in `phase`: draft, scheduled, open, closed or report_published."""
        today = local_today()
        if phase == "scheduled":
            opens, closes = today + timedelta(days=5), today + timedelta(days=40)
        elif phase in ("closed", "report_published"):
            opens, closes = today - timedelta(days=40), today - timedelta(days=2)
        else:
            opens, closes = today - timedelta(days=1), today + timedelta(days=29)
        state = {
            "draft": ConsultationState.DRAFT,
            "report_published": ConsultationState.REPORT_PUBLISHED,
        }.get(phase, ConsultationState.PUBLISHED)
        n = next(self._seq)
        values = {
            "title_bg": f"Консултация {n}",
            "title_en": f"Consultation {n}",
            "summary_bg": "Кратко описание",
            "summary_en": "Short summary",
            "body_bg": "Текст",
            "body_en": "Text",
            "opens_on": opens,
            "closes_on": closes,
            "state": state,
        }
        values.update(kwargs)
        consultation = Consultation(**values)
        for i in range(sections):
            consultation.sections.append(
                Section(
                    position=i,
                    heading_bg=f"Раздел {i + 1}",
                    heading_en=f"Section {i + 1}",
                    body_bg="Съдържание на раздела",
                    body_en="Section text",
                )
            )
        db.session.add(consultation)
        db.session.commit()
        return consultation

    def comment(self, consultation, author, status=ModerationStatus.APPROVED, **kwargs):
        comment = Comment(
            consultation=consultation,
            author_id=author.id,
            body=kwargs.pop("body", "Предлагам да се добави срок."),
            moderation_status=status,
            **kwargs,
        )
        db.session.add(comment)
        db.session.commit()
        return comment

    def response(self, comment, staff, decision=ResponseDecision.ACCEPTED, **kwargs):
        response = CommentResponse(
            comment=comment,
            decision=decision,
            reason_bg=kwargs.pop("reason_bg", "Приема се."),
            reason_en=kwargs.pop("reason_en", "Accepted."),
            responded_by_id=staff.id,
        )
        db.session.add(response)
        db.session.commit()
        return response

    def category(self, **kwargs):
        n = next(self._seq)
        category = Category(
            name_bg=kwargs.get("name_bg", f"Категория {n}"),
            name_en=kwargs.get("name_en", f"Category {n}"),
        )
        db.session.add(category)
        db.session.commit()
        return category

    def proposal(self, author, status=ModerationStatus.APPROVED, **kwargs):
        n = next(self._seq)
        kwargs.setdefault("title", f"Предложение {n}")
        kwargs.setdefault("body", "Да има безплатен Wi-Fi в парковете.")
        proposal = Proposal(author_id=author.id, moderation_status=status, **kwargs)
        db.session.add(proposal)
        db.session.commit()
        return proposal
