"""docs/indicators.md, written from `definitions.py` (`flask evidence docs` regenerates it)."""

from pathlib import Path

from .definitions import (
    AREAS,
    DIMENSION_NAMES,
    FRAMEWORKS,
    INDICATORS,
    TERMS,
    UNIT_NAMES,
)

DOCS_PATH = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"


def render_markdown() -> str:
    out = [
        "# Glas maturity indicators / Индикатори за зрялост",
        "",
        "<!-- Generated from app/evidence/definitions.py by `flask evidence docs`. "
        "Do not edit by hand. -->",
        "",
        "The platform computes these indicators from its own data for a chosen period (a year "
        "or a date range). They are shown on the public page “Participation in numbers” "
        "(`/participation/`), served by the open data API (`/api/v1/indicators`, CC BY 4.0) "
        "and exported by staff as an evidence pack (XLSX, JSON, CSV). Settings they depend on: "
        "`EVIDENCE_ADVANCE_NOTICE_DAYS`, `CITY_POPULATION`, `DISTRICT_POPULATIONS` "
        "(app/evidence/districts.py) and `SUPPORT_THRESHOLD`.",
        "",
        "Платформата изчислява тези индикатори от собствените си данни за избран период "
        "(година или интервал от дати). Те са на публичната страница „Участието в числа“ "
        "(`/participation/`), в API за отворени данни (`/api/v1/indicators`, CC BY 4.0) и в "
        "пакета с доказателства, който служителите изтеглят (XLSX, JSON, CSV).",
        "",
        "## Terms / Понятия",
        "",
    ]
    for term in TERMS:
        out += [
            f"**{term.name_en}** — {term.text_en}",
            "",
            f"**{term.name_bg}** — {term.text_bg}",
            "",
        ]
    out += ["## Frameworks / Рамки", ""]
    for framework in FRAMEWORKS.values():
        out += [
            f"- **{framework.name_en}** ({framework.key}): {framework.about_en}",
            f"  **{framework.name_bg}**: {framework.about_bg}",
        ]
    out += [
        "",
        "## Summary / Обобщение",
        "",
        "| ID | Indicator | Индикатор | Unit | Breakdown |",
        "|---|---|---|---|---|",
    ]
    for i in INDICATORS:
        breakdown = DIMENSION_NAMES[i.breakdown][1] if i.breakdown else "—"
        out.append(
            f"| {i.id} | {i.name_en} | {i.name_bg} | {UNIT_NAMES[i.unit][1]} | {breakdown} |"
        )
    out.append("")
    for area in AREAS.values():
        members = [i for i in INDICATORS if i.area == area.key]
        if not members:
            continue
        out += [f"## {area.name_en} / {area.name_bg}", ""]
        for i in members:
            unit_bg, unit_en = UNIT_NAMES[i.unit]
            out += [
                f"### {i.id} — {i.name_en} / {i.name_bg}",
                "",
                f"- **Definition:** {i.definition_en}",
                f"- **Numerator:** {i.numerator_en}",
                f"- **Denominator:** {i.denominator_en}",
                f"- **Unit:** {unit_en}",
            ]
            if i.breakdown:
                out.append(f"- **Breakdown:** by {DIMENSION_NAMES[i.breakdown][1]}")
            out += [
                f"- **Определение:** {i.definition_bg}",
                f"- **Числител:** {i.numerator_bg}",
                f"- **Знаменател:** {i.denominator_bg}",
                f"- **Мерна единица:** {unit_bg}",
            ]
            if i.breakdown:
                out.append(f"- **Разбивка:** по {DIMENSION_NAMES[i.breakdown][0]}")
            out += ["- **Frameworks / Рамки:**"]
            for ref in i.frameworks:
                framework = FRAMEWORKS[ref.framework]
                out.append(f"  - {framework.name_en}: {ref.item_en} / {ref.item_bg}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def write_docs(path: Path = DOCS_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(), encoding="utf-8")
    return path
