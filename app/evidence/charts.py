"""Breakdown charts as self-contained SVG (pygal), shown with <img> beside a data table.

No script is embedded (`js=[]`, and the configuration script pygal always writes is removed):
the page keeps a strict Content Security Policy, and the table next to each chart carries the
same numbers for people who do not see it.
"""

import math
import re

import pygal
from pygal.style import Style

from .compute import Result
from .definitions import Dimension, Indicator, Unit
from .presentation import key_label, number

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#4f5661",
    colors=("#0b4f8a", "#b3261e", "#1d6b34", "#7a4d00"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    legend_font_size=13,
    title_font_size=15,
    tooltip_font_size=12,
)


def has_chart(indicator: Indicator, result: Result) -> bool:
    """A chart is worth drawing when the breakdown has at least one value."""
    return bool(indicator.breakdown) and any(row.value for row in result.breakdown)


def _ticks(indicator: Indicator, values: list) -> dict:
    """Axis settings that read well: percentages 0–100, whole numbers for counts."""
    if indicator.unit is Unit.PERCENT:
        return {"range": (0, 100), "y_labels": [0, 20, 40, 60, 80, 100]}
    if indicator.unit is Unit.COUNT:
        top = max([v for v in values if v] or [1])
        step = max(1, math.ceil(top / 5))
        return {
            "range": (0, step * math.ceil(top / step)),
            "y_labels": list(range(0, top + step, step)),
        }
    return {}


def chart_svg(indicator: Indicator, result: Result, title: str, labels: dict) -> bytes:
    """`labels`: series names ("value"; for GLAS-P05 "participants" and "residents")."""
    rows = list(result.breakdown)
    p05 = indicator.id == "GLAS-P05"
    unit = Unit.PERCENT if p05 else indicator.unit
    # A zero or "not applicable" draws no bar and prints nothing: the table says which.
    values = [r.value or None for r in rows]
    chart = pygal.HorizontalBar(
        style=STYLE,
        js=[],
        width=600,
        height=max(160, 70 + 26 * len(rows) * (2 if p05 else 1)),
        title=title,
        show_legend=p05,
        legend_at_bottom=True,
        print_values=True,
        print_zeroes=False,
        value_formatter=lambda value: number(value, unit),
        truncate_label=-1,
        margin=12,
        no_data_text="",
        **({} if p05 else _ticks(indicator, values)),
    )
    # pygal draws the first label at the bottom: reverse so that the chart reads like the table.
    rows.reverse()
    values.reverse()
    chart.x_labels = [str(key_label(indicator.breakdown or Dimension.KIND, r.key)) for r in rows]
    if p05:
        chart.add(labels["participants"], values)
        chart.add(labels["residents"], [r.reference or None for r in rows])
    else:
        chart.add(labels["value"], values)
    return _SCRIPT.sub("", chart.render(is_unicode=True)).encode("utf-8")


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)
