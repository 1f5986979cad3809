"""What staff type and upload in the tests, and how the tests read the audit log."""

import io
import zipfile
from datetime import timedelta

from app.core.timeutil import local_today
from app.extensions import db
from app.moderation.models import AuditEntry


def consultation_form(days=30, starts_in=1, **overrides):
    """What a staff member types into the consultation form."""
    opens = local_today() + timedelta(days=starts_in)
    data = {
        "kind": "strategy",
        "title_bg": "Стратегия за дигитална трансформация",
        "title_en": "Digital transformation strategy",
        "summary_bg": "Как градът ще се дигитализира до 2030 г.",
        "summary_en": "How the city goes digital by 2030.",
        "body_bg": "## Цели\n\nОтворени данни и **електронни услуги**.",
        "body_en": "## Goals\n\nOpen data and **e-services**.",
        "opens_on": opens.isoformat(),
        "closes_on": (opens + timedelta(days=days)).isoformat(),
        "exceptional_reason_bg": "",
        "exceptional_reason_en": "",
    }
    data.update(overrides)
    return data


def audit_actions(obj_type=None):
    query = db.select(AuditEntry.action).order_by(AuditEntry.id)
    if obj_type:
        query = query.where(AuditEntry.object_type == obj_type)
    return list(db.session.scalars(query))


MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def minimal_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Проект</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
    return buffer.getvalue()


def minimal_odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The ODF rule: "mimetype" first and stored uncompressed.
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()
