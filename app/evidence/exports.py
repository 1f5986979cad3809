"""The evidence pack: every indicator with its definition, value and breakdown.

`pack_data()` is the one structure behind the JSON pack and the open data API; the XLSX
workbook and the zip of CSV files lay the same numbers out for spreadsheets.
"""

import csv
import io
import json
import zipfile
from datetime import datetime

import xlsxwriter
from flask_babel import gettext as _

from ..core.timeutil import iso, utcnow
from ..staff.exports import BOM
from .compute import Result, parameters
from .definitions import (
    AREAS,
    FRAMEWORKS,
    TERMS,
    UNIT_NAMES,
    Indicator,
    Unit,
)
from .periods import Period
from .presentation import key_label_in

LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
DECIMALS = 4


def _both(obj, field: str) -> dict:
    return {"bg": getattr(obj, f"{field}_bg"), "en": getattr(obj, f"{field}_en")}


def _round(value):
    if value is None or isinstance(value, int):
        return value
    return round(float(value), DECIMALS)


def indicator_data(indicator: Indicator, result: Result) -> dict:
    breakdown = None
    if indicator.breakdown is not None:
        breakdown = {
            "dimension": indicator.breakdown.value,
            "rows": [
                {
                    "key": row.key,
                    "label": {
                        lang: key_label_in(indicator.breakdown, row.key, lang)
                        for lang in ("bg", "en")
                    },
                    "value": _round(row.value),
                    "numerator": _round(row.numerator),
                    "denominator": _round(row.denominator),
                    **({"reference": _round(row.reference)} if row.reference is not None else {}),
                }
                for row in result.breakdown
            ],
        }
    return {
        "id": indicator.id,
        "area": {"key": indicator.area, **{"name": _both(AREAS[indicator.area], "name")}},
        "name": _both(indicator, "name"),
        "definition": _both(indicator, "definition"),
        "numerator_definition": _both(indicator, "numerator"),
        "denominator_definition": _both(indicator, "denominator"),
        "unit": indicator.unit.value,
        "value": _round(result.value),
        "applicable": result.applicable,
        "numerator": _round(result.numerator),
        "denominator": _round(result.denominator),
        "breakdown": breakdown,
        "frameworks": [
            {
                "framework": ref.framework,
                "name": _both(FRAMEWORKS[ref.framework], "name"),
                "item": _both(ref, "item"),
            }
            for ref in indicator.frameworks
        ],
    }


def pack_data(period: Period, results, generated_at: datetime | None = None) -> dict:
    return {
        "generated_at": iso(generated_at or utcnow()),
        "period": period.as_dict(),
        "parameters": parameters(),
        "licence": LICENCE,
        "terms": [
            {"key": t.key, "name": _both(t, "name"), "text": _both(t, "text")} for t in TERMS
        ],
        "indicators": [indicator_data(indicator, result) for indicator, result in results],
    }


def pack_json(period: Period, results) -> bytes:
    return json.dumps(pack_data(period, results), ensure_ascii=False, indent=2).encode("utf-8")


# -- spreadsheets ----------------------------------------------------------------------------
_NUMBER_FORMATS = {
    Unit.PERCENT: "0.0",
    Unit.COUNT: "0",
    Unit.RATIO: "0.00",
    Unit.DAYS: "0.0",
    Unit.HOURS: "0.0",
    Unit.PER_THOUSAND: "0.000",
    Unit.INDEX: "0.000",
}


def _frameworks_text(indicator: Indicator, lang: str) -> str:
    return "\n".join(
        f"{getattr(FRAMEWORKS[r.framework], f'name_{lang}')}: {getattr(r, f'item_{lang}')}"
        for r in indicator.frameworks
    )


def pack_xlsx(period: Period, results) -> bytes:
    generated = utcnow()
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    head = book.add_format({"bold": True, "bg_color": "#F3F5F8", "text_wrap": True, "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    numbers = {
        unit: book.add_format({"num_format": f, "valign": "top"})
        for unit, f in _NUMBER_FORMATS.items()
    }

    about = book.add_worksheet(_("About"))
    about.set_column(0, 0, 34)
    about.set_column(1, 1, 80)
    facts = [
        (_("Period"), f"{period.start.isoformat()} – {period.end.isoformat()}"),
        (_("Generated at (UTC)"), iso(generated)),
        (_("Licence"), f"{LICENCE['name']} {LICENCE['url']}"),
        *((key, str(value)) for key, value in parameters().items()),
        *((f"{t.name_bg} / {t.name_en}", f"{t.text_bg}\n\n{t.text_en}") for t in TERMS),
    ]
    for n, (key, value) in enumerate(facts):
        about.write_string(n, 0, key, wrap)
        about.write_string(n, 1, value, wrap)

    sheet = book.add_worksheet(_("Indicators"))
    columns = [
        (_("ID"), 11),
        (_("Name (Bulgarian)"), 34),
        (_("Name (English)"), 34),
        (_("Value"), 10),
        (_("Numerator"), 11),
        (_("Denominator"), 12),
        (_("Unit"), 14),
        (_("Definition (Bulgarian)"), 60),
        (_("Definition (English)"), 60),
        (_("Numerator (Bulgarian)"), 40),
        (_("Numerator (English)"), 40),
        (_("Denominator (Bulgarian)"), 40),
        (_("Denominator (English)"), 40),
        (_("Frameworks (Bulgarian)"), 60),
        (_("Frameworks (English)"), 60),
        (_("Period start"), 12),
        (_("Period end"), 12),
        (_("Generated at (UTC)"), 21),
    ]
    for col, (title, width) in enumerate(columns):
        sheet.write_string(0, col, title, head)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 1)
    for row, (indicator, result) in enumerate(results, start=1):
        number_format = numbers[indicator.unit]
        sheet.write_string(row, 0, indicator.id, wrap)
        sheet.write_string(row, 1, indicator.name_bg, wrap)
        sheet.write_string(row, 2, indicator.name_en, wrap)
        for col, value in ((3, result.value), (4, result.numerator), (5, result.denominator)):
            if value is None:
                sheet.write_string(row, col, "n/a" if col == 3 else "", wrap)
            elif col == 3:
                sheet.write_number(row, col, value, number_format)
            else:
                whole = float(value).is_integer()
                sheet.write_number(row, col, value, numbers[Unit.COUNT if whole else Unit.RATIO])
        sheet.write_string(row, 6, " / ".join(UNIT_NAMES[indicator.unit]), wrap)
        texts = [
            indicator.definition_bg,
            indicator.definition_en,
            indicator.numerator_bg,
            indicator.numerator_en,
            indicator.denominator_bg,
            indicator.denominator_en,
            _frameworks_text(indicator, "bg"),
            _frameworks_text(indicator, "en"),
            period.start.isoformat(),
            period.end.isoformat(),
            iso(generated),
        ]
        for col, text in enumerate(texts, start=7):
            sheet.write_string(row, col, text, wrap)

    rows_sheet = book.add_worksheet(_("Breakdowns"))
    titles = [
        (_("ID"), 11),
        (_("Breakdown"), 18),
        (_("Key"), 22),
        (_("Label (Bulgarian)"), 30),
        (_("Label (English)"), 30),
        (_("Value"), 10),
        (_("Numerator"), 11),
        (_("Denominator"), 12),
        (_("Residents' share (%)"), 14),
    ]
    for col, (title, width) in enumerate(titles):
        rows_sheet.write_string(0, col, title, head)
        rows_sheet.set_column(col, col, width)
    rows_sheet.freeze_panes(1, 1)
    line = 1
    for indicator, result in results:
        if indicator.breakdown is None:
            continue
        unit = Unit.PERCENT if indicator.id == "GLAS-P05" else indicator.unit
        for r in result.breakdown:
            rows_sheet.write_string(line, 0, indicator.id)
            rows_sheet.write_string(line, 1, indicator.breakdown.value)
            rows_sheet.write_string(line, 2, r.key or "")
            rows_sheet.write_string(line, 3, key_label_in(indicator.breakdown, r.key, "bg"))
            rows_sheet.write_string(line, 4, key_label_in(indicator.breakdown, r.key, "en"))
            for col, value, fmt in (
                (5, r.value, numbers[unit]),
                (6, r.numerator, numbers[Unit.COUNT]),
                (7, r.denominator, numbers[Unit.COUNT]),
                (8, r.reference, numbers[Unit.PERCENT]),
            ):
                if value is not None:
                    rows_sheet.write_number(line, col, value, fmt)
            line += 1
    book.close()
    return buffer.getvalue()


def _csv(rows, delimiter: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerows(rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    return str(_round(value))


def pack_zip(period: Period, results, lang: str, delimiter: str) -> bytes:
    """indicators.csv, then one CSV per indicator breakdown; UTF-8 with a byte-order mark."""
    generated = iso(utcnow())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        summary = [
            [
                _("ID"),
                _("Name"),
                _("Value"),
                _("Numerator"),
                _("Denominator"),
                _("Unit"),
                _("Definition"),
                _("Period start"),
                _("Period end"),
                _("Generated at (UTC)"),
            ]
        ]
        for indicator, result in results:
            summary.append(
                [
                    indicator.id,
                    getattr(indicator, f"name_{lang}"),
                    _cell(result.value),
                    _cell(result.numerator),
                    _cell(result.denominator),
                    indicator.unit.value,
                    getattr(indicator, f"definition_{lang}"),
                    period.start.isoformat(),
                    period.end.isoformat(),
                    generated,
                ]
            )
        archive.writestr("indicators.csv", _csv(summary, delimiter))
        for indicator, result in results:
            if indicator.breakdown is None:
                continue
            header = [_("Key"), _("Label"), _("Value"), _("Numerator"), _("Denominator")]
            if indicator.id == "GLAS-P05":
                header.append(_("Residents' share (%)"))
            lines = [header]
            for r in result.breakdown:
                line = [
                    r.key or "",
                    key_label_in(indicator.breakdown, r.key, lang),
                    _cell(r.value),
                    _cell(r.numerator),
                    _cell(r.denominator),
                ]
                if indicator.id == "GLAS-P05":
                    line.append(_cell(r.reference))
                lines.append(line)
            name = f"{indicator.id}-{indicator.breakdown.value}.csv"
            archive.writestr(name, _csv(lines, delimiter))
    return buffer.getvalue()
