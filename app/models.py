"""Every model, imported in one place so that the metadata (and Alembic) sees them all."""

from .auth.models import User
from .consultations.models import Comment, CommentResponse, Consultation, Document, Section
from .moderation.models import Appeal, AuditEntry, Flag, Suspension
from .notifications.models import Notification
from .proposals.models import Category, Proposal, Support

__all__ = [
    "Appeal",
    "AuditEntry",
    "Category",
    "Comment",
    "CommentResponse",
    "Consultation",
    "Document",
    "Flag",
    "Notification",
    "Proposal",
    "Section",
    "Support",
    "Suspension",
    "User",
]
