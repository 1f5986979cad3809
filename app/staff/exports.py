"""The consultation report as CSV (for Excel) and JSON (for machines), streamed.

Both read `app.reports.services`, the same data as the public report page, in the language
asked for (`lang`: the UI language by default); the DOCX and XLSX versions are in
`app.reports.docx_export` and `app.reports.xlsx_export`, and `app.reports.downloads` turns
any of them into a response.
"""

import csv
import io
import json
from collections.abc import Iterator

from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from ..consultations.models import Consultation
from ..core.i18n import current_language
from ..core.timeutil import city_timezone, utcnow
from ..reports.document import LEGAL_BASIS_SHORT, row_labels, to_local
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


def csv_stream(header: list, rows: Iterator[list], delimiter: str = ",", batch: int = 200):
    """CSV text for spreadsheets, a batch of rows per chunk: UTF-8 with a byte-order mark
    first (so that Excel reads the Cyrillic right); None becomes an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for n, row in enumerate(rows, start=1):
        writer.writerow(["" if v is None else v for v in row])
        if n % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


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


def csv_chunks(
    consultation: Consultation, lang: str | None = None, batch: int = 500
) -> Iterator[str]:
    """UTF-8 text with a byte-order mark first, so that Excel reads the Cyrillic right."""
    lang = lang or current_language()
    with force_locale(lang):
        labels, zone = row_labels(), city_timezone()
        rows = (
            [
                row.number,
                row.comment_id,
                to_local(row.created_at, zone).strftime("%Y-%m-%d %H:%M"),
                safe_cell(row.participant),
                labels.sector[row.sector],
                safe_cell(row.organisation),
                safe_cell(row.section.text if row.section is not None else labels.whole_document),
                safe_cell(row.body),
                labels.decision[row.decision],
                safe_cell(row.reason.text),
                row.parent_id or "",
            ]
            for row in report_rows(consultation, lang)
        )
        yield from csv_stream(csv_header(), rows, csv_delimiter(), batch)


def json_chunks(
    consultation: Consultation, lang: str | None = None, batch: int = 200
) -> Iterator[str]:
    """`{consultation, totals, comments}`, written out a few comments at a time."""
    lang = lang or current_language()
    with force_locale(lang):
        head = json.dumps(
            {
                "generated_at": utcnow().isoformat(timespec="seconds") + "Z",
                "language": lang,
                "legal_basis": str(LEGAL_BASIS_SHORT),
                "consultation": consultation_data(consultation),
                "totals": totals_data(report_totals(consultation)),
            },
            ensure_ascii=False,
            indent=None,
        )
        yield head[:-1] + ', "comments": ['
        chunk: list[str] = []
        for row in report_rows(consultation, lang):
            prefix = "" if row.number == 1 else ", "
            chunk.append(prefix + json.dumps(row_data(row), ensure_ascii=False))
            if len(chunk) == batch:
                yield "".join(chunk)
                chunk.clear()
        yield "".join(chunk) + "]}\n"
