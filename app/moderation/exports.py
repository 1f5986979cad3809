"""The audit log as CSV for spreadsheets: UTF-8 with a byte-order mark, streamed."""

from collections.abc import Iterator

from flask_babel import gettext as _

from ..staff.exports import csv_delimiter, csv_stream, safe_cell
from . import services


def audit_csv_header() -> list[str]:
    return [
        _("Time (UTC)"),
        _("Who"),
        _("Account ID"),
        _("Action"),
        _("Action code"),
        _("Object"),
        _("Object ID"),
        _("Reason"),
        _("Note"),
    ]


def audit_csv_chunks(audit_filter: services.AuditFilter, batch: int = 200) -> Iterator[str]:
    """The rows under `audit_filter`, newest first, a batch per chunk, BOM first."""
    platform = _("Glas (automatic)")

    def rows():
        for entry in services.audit_rows(audit_filter, batch=batch):
            if entry.actor is not None:
                who = entry.actor.display_name
            else:
                who = platform if entry.action.endswith(".auto_hide") else ""
            yield [
                entry.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                safe_cell(who),
                entry.actor_id or "",
                safe_cell(services.action_label(entry.action)),
                entry.action,
                safe_cell(services.OBJECT_TYPES.get(entry.object_type, entry.object_type)),
                entry.object_id,
                safe_cell(services.reason_label(entry.reason, entry.action) or ""),
                safe_cell(entry.note),
            ]

    return csv_stream(audit_csv_header(), rows(), csv_delimiter(), batch)
