"""The consultation report as a Word document (DOCX), the form officials file and publish.

python-docx builds the document: A4 landscape, styles with a font that has Cyrillic, the
header (title, kind, dates, legal basis, report date, totals) and the table with its header
row repeated on every page. The table's rows are then streamed into `word/document.xml` as
WordprocessingML, a few hundred at a time, while the package is copied to `out`: python-docx
keeps every element of a document in memory (about 25 XML elements per row, with an O(n)
cell lookup per added row), so building 100,000 rows through its API takes minutes and
gigabytes; streaming them keeps memory flat and the time linear.
"""

import io
import re
import zipfile
from collections.abc import Iterator
from typing import BinaryIO
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from flask_babel import force_locale
from flask_babel import gettext as _

from ..consultations.models import Consultation
from .document import (
    LEGAL_BASIS_SHORT,
    decision_totals,
    language_tag,
    report_facts,
    row_labels,
    sector_totals,
    title_of,
)
from .services import ReportRow, report_rows, report_totals

FONT = "Times New Roman"  # has Cyrillic; LibreOffice substitutes the metric twin Liberation Serif
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# № · participant · section · proposal or comment · decision · reasons (mm; A4 landscape
# leaves 267 mm between 15 mm margins).
COLUMN_MM = (12, 42, 36, 82, 25, 70)
_MARKER = "GLAS-REPORT-ROWS"
_ROWS_PER_WRITE = 200
# Characters XML 1.0 cannot carry; a citizen's pasted text may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write_docx(consultation: Consultation, lang: str, out: BinaryIO) -> None:
    """Write the report in `lang` ("bg" or "en") to the binary file `out`."""
    with force_locale(lang):
        totals = report_totals(consultation)
        skeleton = _skeleton(consultation, lang, totals)
        rows = _row_xml(report_rows(consultation, lang), lang)
        _splice(skeleton, rows, out, zip64=totals.approved > 200_000)


# -- the document around the table ----------------------------------------------------------
def _skeleton(consultation: Consultation, lang: str, totals) -> bytes:
    document = Document()
    _styles(document, lang)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    _page_numbers(section)

    title = title_of(consultation, lang)
    core = document.core_properties
    core.title = title.text
    core.subject = _("Consultation report")
    core.author = _("Glas")
    core.language = language_tag(lang)
    core.keywords = str(LEGAL_BASIS_SHORT)

    document.add_paragraph(_("Consultation report"), style="Subtitle")
    heading = document.add_paragraph(style="Title")
    _run(heading, title.text, title.lang if title.is_fallback else None)
    document.add_paragraph(
        _(
            "Report under art. 26 of the Law on Normative Acts: the proposals received and "
            "the reasons for those not accepted."
        )
    )
    for fact in report_facts(consultation, lang, totals):
        paragraph = document.add_paragraph(style="Fact")
        paragraph.add_run(fact.label + ": ").bold = True
        _run(paragraph, fact.value, fact.lang)

    _totals_table(document, _("By decision"), _("Decision"), decision_totals(totals))
    _totals_table(document, _("By stakeholder sector"), _("Sector"), sector_totals(totals))

    document.add_heading(_("Proposals and comments received, and the City’s response"), level=1)
    if not totals.approved:
        document.add_paragraph(_("No comments were published in this consultation."))
        return _save(document)
    table = document.add_table(rows=2, cols=len(COLUMN_MM))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: Word keeps the column widths below
    headers = (
        "№",
        _("Participant"),
        _("Section"),
        _("Proposal or comment"),
        _("Decision"),
        _("Reasons"),
    )
    for index, (label, width) in enumerate(zip(headers, COLUMN_MM, strict=True)):
        table.columns[index].width = Mm(width)
        for row in table.rows:
            row.cells[index].width = Mm(width)
        cell = table.rows[0].cells[index]
        cell.paragraphs[0].add_run(label).bold = True
        _shade(cell)
    _repeat_as_header(table.rows[0])
    table.rows[1].cells[0].text = _MARKER
    return _save(document)


def _styles(document, lang: str) -> None:
    tag = language_tag(lang)
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2"):
        style = document.styles[name]
        style.font.name = FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(theme), None)
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), tag)
        style.element.get_or_add_rPr().append(language)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(2)
    document.styles["Title"].font.size = Pt(18)
    fact = document.styles.add_style("Fact", WD_STYLE_TYPE.PARAGRAPH)
    fact.base_style = normal
    fact.paragraph_format.space_after = Pt(1)


def _page_numbers(section) -> None:
    """ "Page N of M" at the bottom right, as Word fields."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(_("Page") + " ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" / ")
    _field(paragraph, "NUMPAGES")


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)
        if kind == "separate":
            placeholder = OxmlElement("w:t")
            placeholder.text = "1"
            run._r.append(placeholder)


def _totals_table(document, caption: str, first: str, pairs) -> None:
    document.add_heading(caption, level=2)
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.autofit = False
    table.columns[0].width, table.columns[1].width = Mm(75), Mm(25)
    table.autofit = False
    header = table.rows[0].cells
    header[0].paragraphs[0].add_run(first).bold = True
    header[1].paragraphs[0].add_run(_("Comments")).bold = True
    for label, count in pairs:
        cells = table.add_row().cells  # a handful of rows: python-docx's own API is fine here
        cells[0].text = label
        cells[1].text = str(count)
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Mm(75), Mm(25)


def _run(paragraph, text: str, lang: str | None = None):
    run = paragraph.add_run(text)
    if lang:
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), language_tag(lang))
        run._r.get_or_add_rPr().append(language)
    return run


def _repeat_as_header(row) -> None:
    """Word and LibreOffice repeat a row marked `tblHeader` at the top of every page."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):  # the order the schema requires
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def _shade(cell) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "E7ECF2")
    cell._tc.get_or_add_tcPr().append(shading)


def _save(document) -> bytes:
    package = document.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype == RT.THUMBNAIL:  # python-docx's template's preview picture
            del package.rels[key]
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- the rows, streamed ---------------------------------------------------------------------
def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


_CELL_OPEN = [
    f'<w:tc><w:tcPr><w:tcW w:w="{_twips(mm)}" w:type="dxa"/></w:tcPr>' for mm in COLUMN_MM
]


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _runs(value: str, lang: str | None = None, italic: bool = False) -> str:
    """One run; line breaks kept as <w:br/>, and its language when given."""
    properties = ""
    if italic or lang:
        properties = "<w:rPr>{}{}</w:rPr>".format(
            "<w:i/>" if italic else "",
            f'<w:lang w:val="{language_tag(lang)}"/>' if lang else "",
        )
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    texts = "<w:br/>".join(f'<w:t xml:space="preserve">{_text(line)}</w:t>' for line in lines)
    return f"<w:r>{properties}{texts}</w:r>"


def _cell(index: int, *paragraphs: str) -> str:
    body = "".join(f"<w:p>{p}</w:p>" for p in paragraphs) or "<w:p/>"
    return f"{_CELL_OPEN[index]}{body}</w:tc>"


def _row_xml(rows: Iterator[ReportRow], lang: str) -> Iterator[str]:
    labels = row_labels()
    reply_to_a_comment = _("Reply to a comment")
    for row in rows:
        participant = row.participant
        who = [_runs(participant)]
        sector = labels.sector[row.sector]
        if sector and sector != participant:
            who.append(_runs(sector, italic=True))
        if row.section is not None:
            where = _runs(row.section.text, row.section.lang if row.section.is_fallback else None)
        else:
            where = _runs(labels.whole_document)
        what = []
        if row.parent_number:
            what.append(_runs(_("Reply to № %(number)s", number=row.parent_number), italic=True))
        elif row.parent_id:
            what.append(_runs(reply_to_a_comment, italic=True))
        what.append(_runs(row.body, row.language if row.language != lang else None))
        decision = labels.decision[row.decision]
        reason = row.reason
        yield (
            "<w:tr>"
            + _cell(0, _runs(str(row.number)))
            + _cell(1, *who)
            + _cell(2, where)
            + _cell(3, *what)
            + _cell(4, _runs(decision))
            + _cell(5, _runs(reason.text, reason.lang if reason.is_fallback else None))
            + "</w:tr>"
        )


def _splice(skeleton: bytes, rows: Iterator[str], out: BinaryIO, zip64: bool) -> None:
    """Copy the package to `out`, writing the streamed rows where the marker row stands."""
    with (
        zipfile.ZipFile(io.BytesIO(skeleton)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "word/document.xml":
                target.writestr(info, data)
                continue
            xml = data.decode("utf-8")
            at = xml.find(_MARKER)
            if at < 0:  # no table: nothing to stream
                target.writestr(info, data)
                continue
            start = max(xml.rfind("<w:tr>", 0, at), xml.rfind("<w:tr ", 0, at))
            end = xml.index("</w:tr>", at) + len("</w:tr>")
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with target.open(entry, "w", force_zip64=zip64) as stream:
                stream.write(xml[:start].encode("utf-8"))
                chunk: list[str] = []
                for row in rows:
                    chunk.append(row)
                    if len(chunk) == _ROWS_PER_WRITE:
                        stream.write("".join(chunk).encode("utf-8"))
                        chunk.clear()
                stream.write("".join(chunk).encode("utf-8"))
                stream.write(xml[end:].encode("utf-8"))
