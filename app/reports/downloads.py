"""The consultation report as a file to download: DOCX, XLSX, CSV or JSON, in either language.

Staff download any consultation's report (`staff.export`); everybody downloads a published
one (`reports.consultation_report_download`). Both call `export_response()`.

- CSV and JSON are generators, streamed to the client as they are produced;
- XLSX is written by XlsxWriter in constant-memory mode and DOCX by python-docx with its
  table rows streamed in, both into an anonymous temporary file (already unlinked, so
  nothing is left behind even if the client goes away), which is then sent.
"""

import os
import tempfile

from flask import Response, current_app, request, send_file, stream_with_context

from ..consultations.models import Consultation
from ..core.i18n import current_language
from ..staff import exports
from . import docx_export, xlsx_export

FORMATS = ("docx", "xlsx", "csv", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": xlsx_export.CONTENT_TYPE,
    "docx": docx_export.CONTENT_TYPE,
}
_WRITERS = {"xlsx": xlsx_export.write_xlsx, "docx": docx_export.write_docx}


def export_language(value: str | None = None) -> str:
    """The `lang` asked for, when it is one we publish in; else the page language."""
    value = request.args.get("lang") if value is None else value
    return value if value in current_app.config["LANGUAGES"] else current_language()


def filename(consultation: Consultation, lang: str, fmt: str) -> str:
    return f"consultation-{consultation.id}-report-{lang}.{fmt}"


def export_response(
    consultation: Consultation, fmt: str, lang: str, cache_control: str = "no-store"
) -> Response:
    name = filename(consultation, lang, fmt)
    if fmt in _WRITERS:
        file = tempfile.TemporaryFile(prefix="glas-export-")  # noqa: SIM115 (send_file closes it)
        try:
            _WRITERS[fmt](consultation, lang, file)
            size = os.fstat(file.fileno()).st_size
            file.seek(0)
        except BaseException:
            file.close()
            raise
        response = send_file(
            file,
            mimetype=CONTENT_TYPES[fmt],
            as_attachment=True,
            download_name=name,
            etag=False,
            conditional=False,
        )
        response.content_length = size
    else:
        chunks = exports.csv_chunks if fmt == "csv" else exports.json_chunks
        response = Response(
            stream_with_context(chunks(consultation, lang)),
            content_type=CONTENT_TYPES[fmt],
            headers={"Content-Disposition": f"attachment; filename={name}"},
        )
    response.headers["Cache-Control"] = cache_control
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Language"] = lang
    return response
