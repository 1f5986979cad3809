"""The consultation report as an Excel workbook (XLSX), for officials who count and filter.

XlsxWriter in `constant_memory` mode writes each row to a temporary file as soon as it is
complete, so a workbook of 100,000 comments needs no more memory than one of ten. The price:
rows go strictly top to bottom, one sheet after the other, so every count a sheet shows is
computed before it is written. Sheets:

- Summary: the consultation's facts and the totals by decision, sector, section and
  moderation status;
- Comments and responses: one row per published comment (the report's table, filterable);
- Citizen proposals: proposals published on the platform during the consultation's period
  (proposals are not tied to consultations: the sheet shows what residents raised at the
  same time, with the supports gathered in the period and in total);
- Supports per day: supports given to proposals, and comments published on this
  consultation, on each day of its period.

Dates are real Excel dates in the city's time zone; citizen text is always written as text
(`write_string`), so a spreadsheet never evaluates it as a formula or a link.
"""

import re
import tempfile
from typing import BinaryIO

import xlsxwriter
from flask_babel import force_locale
from flask_babel import gettext as _

from ..consultations.models import Consultation, ConsultationState
from ..core.timeutil import city_timezone
from ..proposals.models import Stage
from .activity import comments_per_day, proposals_during, supports_per_day
from .document import (
    LEGAL_BASIS_SHORT,
    decision_totals,
    language_tag,
    report_date,
    report_facts,
    row_labels,
    section_totals,
    sector_totals,
    status_totals,
    title_of,
    to_local,
)
from .services import report_rows, report_totals

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_CELL = 32_767  # Excel's limit on the characters in one cell
DATE_FORMATS = {"bg": "dd.mm.yyyy", "en": "yyyy-mm-dd"}
DATETIME_FORMATS = {"bg": "dd.mm.yyyy hh:mm", "en": "yyyy-mm-dd hh:mm"}
# Column widths of the comments sheet, in Excel's units (about one character each).
PARTICIPANT_WIDTH, SECTOR_WIDTH, ORGANISATION_WIDTH = 28, 18, 24
SECTION_WIDTH, TEXT_WIDTH, REASON_WIDTH = 24, 64, 54
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(label: str) -> str:
    """A translated label as a valid sheet name (31 characters, no []:*?/\\)."""
    return _SHEET_NAME_FORBIDDEN.sub(" ", label).strip("'")[:31] or "Sheet"


def row_height(*cells: tuple[str, float]) -> float | None:
    """Points for a row whose (text, column width) cells wrap; None when one line fits.

    Excel grows such rows itself when it opens the file, LibreOffice does not: an estimate
    (a little under one character per unit of width) keeps the text readable in both.
    """
    lines = 1
    for text, width in cells:
        per_line = max(int(width * 0.95), 1)
        count = sum(-(-len(part) // per_line) or 1 for part in text.split("\n"))
        lines = max(lines, count)
    return None if lines == 1 else min(409.0, 13.0 * lines + 2)


def cell_text(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def write_xlsx(consultation: Consultation, lang: str, out: BinaryIO) -> None:
    """Write the report workbook in `lang` to the binary file `out`."""
    with force_locale(lang), tempfile.TemporaryDirectory(prefix="glas-xlsx-") as tmpdir:
        workbook = xlsxwriter.Workbook(
            out,
            {
                "constant_memory": True,
                "tmpdir": tmpdir,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        try:
            _Writer(workbook, consultation, lang).write()
        finally:
            workbook.close()


class _Writer:
    def __init__(self, workbook, consultation: Consultation, lang: str):
        self.book = workbook
        self.c = consultation
        self.lang = lang
        self.title = title_of(consultation, lang)
        base = {"valign": "top", "font_name": "Calibri", "font_size": 10}
        self.f_text = workbook.add_format({**base, "text_wrap": True})
        self.f_plain = workbook.add_format(base)
        self.f_head = workbook.add_format(
            {**base, "bold": True, "text_wrap": True, "bg_color": "#E7ECF2", "bottom": 1}
        )
        self.f_title = workbook.add_format({**base, "bold": True, "font_size": 14})
        self.f_bold = workbook.add_format({**base, "bold": True})
        self.f_int = workbook.add_format({**base, "num_format": "0"})
        self.f_date = workbook.add_format({**base, "num_format": DATE_FORMATS[lang]})
        self.f_datetime = workbook.add_format(
            {**base, "num_format": DATETIME_FORMATS[lang], "align": "left"}
        )

    def write(self) -> None:
        totals = report_totals(self.c)
        self.book.set_properties(
            {
                "title": self.title.text,
                "subject": _("Consultation report"),
                "author": _("Glas"),
                "keywords": str(LEGAL_BASIS_SHORT),
                "comments": _(
                    "Report under art. 26 of the Law on Normative Acts: the proposals received "
                    "and the reasons for those not accepted."
                ),
            }
        )
        self.book.set_custom_property("Language", language_tag(self.lang))
        self.summary(totals)
        self.comments(totals.approved)
        self.proposals()
        self.per_day()

    # -- sheets -------------------------------------------------------------------------
    def summary(self, totals) -> None:
        sheet = self.book.add_worksheet(sheet_name(_("Summary")))
        sheet.set_column(0, 0, 42)
        sheet.set_column(1, 1, 70)
        sheet.set_column(2, 2, 24)
        self._page(sheet)
        row = 0
        sheet.write_string(row, 0, _("Consultation report"), self.f_bold)
        row += 1
        sheet.set_row(row, 22)
        sheet.write_string(row, 0, self.title.text, self.f_title)
        row += 1
        sheet.write_string(
            row,
            0,
            _(
                "Report under art. 26 of the Law on Normative Acts: the proposals received and "
                "the reasons for those not accepted."
            ),
        )
        row += 2
        for fact in report_facts(self.c, self.lang, totals):
            if fact.key == "report_date":
                continue  # written below as a date
            self._fit(sheet, row, (fact.value, 70))
            sheet.write_string(row, 0, fact.label, self.f_bold)
            sheet.write_string(row, 1, cell_text(fact.value), self.f_text)
            row += 1
        for label, value in (
            (_("First day for comments"), self.c.opens_on),
            (_("Last day for comments"), self.c.closes_on),
            (_("Report date"), report_date(self.c)),
        ):
            sheet.write_string(row, 0, label, self.f_bold)
            sheet.write_datetime(row, 1, value, self.f_date)
            row += 1
        if self.c.state is not ConsultationState.REPORT_PUBLISHED:
            sheet.write_string(row - 1, 2, _("draft, not yet published"), self.f_plain)
        groups = (
            (_("By decision"), _("Decision"), decision_totals(totals)),
            (_("By stakeholder sector"), _("Sector"), sector_totals(totals)),
            (_("By section"), _("Section"), section_totals(totals, self.lang)),
            (
                _("All comments received, by moderation status"),
                _("Status"),
                status_totals(totals),
            ),
        )
        for caption, first, pairs in groups:
            row += 1
            sheet.write_string(row, 0, caption, self.f_title)
            row += 1
            sheet.write_string(row, 0, first, self.f_head)
            sheet.write_string(row, 1, _("Comments"), self.f_head)
            row += 1
            for label, count in pairs:
                sheet.write_string(row, 0, cell_text(label), self.f_text)
                sheet.write_number(row, 1, count, self.f_int)
                row += 1
        row += 1
        sheet.write_string(row, 0, _("About the sheets"), self.f_title)
        row += 1
        for name, about in (
            (
                _("Comments and responses"),
                _("One row per published comment, in the order of the report, with the response."),
            ),
            (
                _("Citizen proposals"),
                _(
                    "Proposals published on the platform during the consultation period. They "
                    "are not comments on this consultation: they show what residents raised at "
                    "the same time, and the supports they gathered in the period and in total."
                ),
            ),
            (
                _("Supports per day"),
                _(
                    "Supports given to citizen proposals, and comments published on this "
                    "consultation, on each day of the consultation period."
                ),
            ),
        ):
            self._fit(sheet, row, (about, 70))
            sheet.write_string(row, 0, name, self.f_bold)
            sheet.write_string(row, 1, about, self.f_text)
            row += 1

    def comments(self, approved: int) -> None:
        sheet = self.book.add_worksheet(sheet_name(_("Comments and responses")))
        headers = (
            ("№", 6, self.f_int),
            (_("Comment ID"), 10, self.f_int),
            (_("Date"), 17, self.f_datetime),
            (_("Participant"), PARTICIPANT_WIDTH, self.f_text),
            (_("Sector"), SECTOR_WIDTH, self.f_text),
            (_("Organisation"), ORGANISATION_WIDTH, self.f_text),
            (_("Section"), SECTION_WIDTH, self.f_text),
            (_("Proposal or comment"), TEXT_WIDTH, self.f_text),
            (_("Decision"), 16, self.f_text),
            (_("Reasons"), REASON_WIDTH, self.f_text),
            (_("Reply to №"), 10, self.f_int),
        )
        self._header(sheet, headers)
        labels = row_labels()
        text, number, zone = self.f_text, self.f_int, city_timezone()
        row = 0
        for r in report_rows(self.c, self.lang):
            row += 1
            section = r.section.text if r.section is not None else labels.whole_document
            self._fit(
                sheet,
                row,
                (r.participant, PARTICIPANT_WIDTH),
                (labels.sector[r.sector], SECTOR_WIDTH),
                (r.organisation or "", ORGANISATION_WIDTH),
                (section, SECTION_WIDTH),
                (r.body, TEXT_WIDTH),
                (r.reason.text, REASON_WIDTH),
            )
            sheet.write_number(row, 0, r.number, number)
            sheet.write_number(row, 1, r.comment_id, number)
            sheet.write_datetime(row, 2, to_local(r.created_at, zone), self.f_datetime)
            sheet.write_string(row, 3, cell_text(r.participant), text)
            sheet.write_string(row, 4, labels.sector[r.sector], text)
            sheet.write_string(row, 5, cell_text(r.organisation), text)
            sheet.write_string(row, 6, cell_text(section), text)
            sheet.write_string(row, 7, cell_text(r.body), text)
            sheet.write_string(row, 8, labels.decision[r.decision], text)
            sheet.write_string(row, 9, cell_text(r.reason.text), text)
            if r.parent_number:
                sheet.write_number(row, 10, r.parent_number, number)
        self._finish(sheet, row, len(headers))

    def proposals(self) -> None:
        sheet = self.book.add_worksheet(sheet_name(_("Citizen proposals")))
        headers = (
            ("№", 6, self.f_int),
            (_("Proposal ID"), 10, self.f_int),
            (_("Submitted"), 17, self.f_datetime),
            (_("Title"), 60, self.f_text),
            (_("Category"), 24, self.f_text),
            (_("Stage"), 20, self.f_text),
            (_("Supports during the consultation"), 16, self.f_int),
            (_("Supports in total"), 12, self.f_int),
        )
        self._header(sheet, headers)
        stages = {stage: str(stage.label) for stage in Stage}
        row = 0
        for p in proposals_during(self.c, self.lang):
            row += 1
            sheet.write_number(row, 0, p.number, self.f_int)
            sheet.write_number(row, 1, p.proposal_id, self.f_int)
            sheet.write_datetime(row, 2, p.created_at, self.f_datetime)
            sheet.write_string(row, 3, cell_text(p.title), self.f_text)
            sheet.write_string(row, 4, p.category.text if p.category else "", self.f_text)
            sheet.write_string(row, 5, stages[p.stage], self.f_text)
            sheet.write_number(row, 6, p.supports_in_period, self.f_int)
            sheet.write_number(row, 7, p.supports_total, self.f_int)
        self._finish(sheet, row, len(headers))

    def per_day(self) -> None:
        sheet = self.book.add_worksheet(sheet_name(_("Supports per day")))
        headers = (
            (_("Date"), 14, self.f_date),
            (_("Supports given to proposals"), 18, self.f_int),
            (_("Comments published on this consultation"), 22, self.f_int),
        )
        self._header(sheet, headers)
        comments = dict(comments_per_day(self.c))
        row = 0
        for day, supports in supports_per_day(self.c):
            row += 1
            sheet.write_datetime(row, 0, day, self.f_date)
            sheet.write_number(row, 1, supports, self.f_int)
            sheet.write_number(row, 2, comments.get(day, 0), self.f_int)
        self._finish(sheet, row, len(headers))

    # -- shared -------------------------------------------------------------------------
    def _header(self, sheet, headers) -> None:
        for col, (label, width, fmt) in enumerate(headers):
            sheet.set_column(col, col, width, fmt)
            sheet.write_string(0, col, label, self.f_head)
        sheet.freeze_panes(1, 0)
        sheet.repeat_rows(0)  # printed: the header row on every page
        self._page(sheet)

    @staticmethod
    def _fit(sheet, row: int, *cells) -> None:
        """Give a row of wrapped text its height (before its cells are written)."""
        height = row_height(*cells)
        if height is not None:
            sheet.set_row(row, height)
        # In constant-memory mode XlsxWriter writes a row out as soon as the next one starts,
        # but keeps every row's height (`row_info`, `row_sizes`) until the end: 100,000 rows
        # would hold some 30 MB. The row two above is on disk already; forget its height.
        for attribute in ("row_info", "row_sizes"):
            getattr(sheet, attribute, {}).pop(row - 2, None)

    @staticmethod
    def _page(sheet) -> None:
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)  # as wide as one page, as long as it takes

    def _finish(self, sheet, last_row: int, columns: int) -> None:
        sheet.autofilter(0, 0, max(last_row, 1), columns - 1)
