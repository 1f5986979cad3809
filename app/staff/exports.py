"""The consultation summary as CSV (for Excel) and JSON (for machines), streamed.

Both read `app.reports.services`, the same data as the public report page.
"""

import csv
import io
import json
from collections.abc import Iterator

from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _

from ..consultations.models import Consultation
from ..core.i18n import current_language
from ..core.timeutil import utcnow
from ..reports.services import (
    consultation_data,
    report_rows,
    report_totals,
    row_data,
    totals_data,
)

BOM = "\ufeff"
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_delimiter() -> str:
    """The separator Excel expects in this language: ";" where the decimal mark is a comma."""
    locale = get_locale()
    decimal = locale.number_symbols["latn"]["decimal"] if locale is not None else "."
    return ";" if decimal == "," else ","


def safe_cell(value) -> str:
    """Text for a spreadsheet cell that a spreadsheet will never evaluate."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_header() -> list[str]:
    return [
        _("No."),
        _("Comment ID"),
        _("Date"),
        _("Participant"),
        _("Sector"),
        _("Organisation"),
        _("Section"),
        _("Comment"),
        _("Decision"),
        _("Reasons"),
        _("Reply to comment"),
    ]


def csv_chunks(consultation: Consultation, batch: int = 100) -> Iterator[str]:
    """UTF-8 text with a byte-order mark first, so that Excel reads the Cyrillic right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=csv_delimiter())
    writer.writerow(csv_header())
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    whole_document = _("Whole document")
    no_response = _("No response yet")
    for row in report_rows(consultation, current_language()):
        writer.writerow(
            [
                row.number,
                row.comment_id,
                format_datetime(row.created_at, "yyyy-MM-dd HH:mm"),
                safe_cell(row.participant),
                str(row.sector.label) if row.sector is not None else "",
                safe_cell(row.organisation),
                safe_cell(row.section.text if row.section is not None else whole_document),
                safe_cell(row.body),
                str(row.decision.label) if row.decision is not None else no_response,
                safe_cell(row.reason.text),
                row.parent_id or "",
            ]
        )
        if row.number % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(consultation: Consultation) -> Iterator[str]:
    """`{consultation, totals, comments}`, written out one comment at a time."""
    head = json.dumps(
        {
            "generated_at": utcnow().isoformat(timespec="seconds") + "Z",
            "language": current_language(),
            "consultation": consultation_data(consultation),
            "totals": totals_data(report_totals(consultation)),
        },
        ensure_ascii=False,
        indent=None,
    )
    yield head[:-1] + ', "comments": ['
    for row in report_rows(consultation, current_language()):
        prefix = "" if row.number == 1 else ", "
        yield prefix + json.dumps(row_data(row), ensure_ascii=False)
    yield "]}\n"
