"""What the evidence views need besides the computation itself."""

from ..extensions import db
from ..moderation.models import AuditEntry
from .periods import Period


def record_export(actor, period: Period, fmt: str) -> AuditEntry:
    """Staff downloaded the evidence pack: an audit row says who, which period, which format."""
    entry = AuditEntry(
        actor_id=actor.id,
        action="evidence.export",
        object_type="evidence_pack",
        object_id=period.start.year,
        note=f"{fmt}: {period.start.isoformat()} – {period.end.isoformat()}",
    )
    db.session.add(entry)
    db.session.flush()
    return entry
