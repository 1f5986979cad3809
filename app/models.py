"""Every model, imported in one place so that the metadata (and Alembic) sees them all."""

from .auth.models import User
from .consultations.models import Comment, CommentResponse, Consultation, Document, Section
from .moderation.models import AuditEntry, Flag
from .proposals.models import Category, Proposal, Support

__all__ = [
    "AuditEntry",
    "Category",
    "Comment",
    "CommentResponse",
    "Consultation",
    "Document",
    "Flag",
    "Proposal",
    "Section",
    "Support",
    "User",
]
