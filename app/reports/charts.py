"""Charts as SVG drawn on the server with pygal, inlined in the page, without JavaScript.

The pages run under a Content-Security-Policy that allows no inline script and no inline
style (`script-src 'self'; style-src 'self'`). pygal puts a `<style>` element (its CSS,
scoped to the chart's random id), a `<script>` element (its configuration for the optional
tooltip script) and one `style="opacity: 0"` attribute (the tooltip) into every SVG. In an
inline `<svg>` these are part of the HTML document, so the policy blocks them: the chart
would lose its colours and fonts, and the browser would report violations.

So each chart is rendered with `js=[]`, and then its `<style>`, `<script>` and `style`
attributes, the tooltip and pygal's comments are removed; the same CSS, rewritten to the
selector `svg.glas-chart`, is served once from our own origin (`reports.chart_stylesheet`),
which `style-src 'self'` allows. Every chart has `role="img"`, a `<title>` named by
`aria-labelledby`, and a data table beside it (for screen readers and for copying).
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pygal
from lxml import etree
from markupsafe import Markup
from pygal.style import Style

CHART_CLASS = "glas-chart"
# The site's palette first (WCAG AA on white), then pygal derives more.
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#d3d7dd",
    opacity="1",
    opacity_hover="1",
    transition="0ms",
    colors=(
        "#0b4f8a",
        "#1d6b34",
        "#b3261e",
        "#7a4d00",
        "#5b3f8c",
        "#4f5661",
        "#0a7373",
        "#a3447a",
    ),
    font_family=(
        'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif'
    ),
    label_font_size=15,
    major_label_font_size=15,
    value_font_size=15,
    value_label_font_size=15,
    legend_font_size=15,
    title_font_size=18,
    no_data_font_size=24,
)
_COMMON = {
    "style": STYLE,
    "js": [],  # no tooltip script: nothing to run, nothing the policy must allow
    "disable_xml_declaration": True,
    "explicit_size": False,  # a viewBox only: the chart scales to the width of its column
    "print_values": True,  # the numbers are drawn, since there is no tooltip to show them
    "print_zeroes": True,
    "show_legend": False,
    "truncate_label": 40,
    "width": 800,
    "margin": 12,
}


@dataclass
class Chart:
    """A chart, its accessible name and the data table shown beside it."""

    key: str
    title: str
    svg: Markup
    headers: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)
    table_open: bool = True  # False: a long table (one row per day) starts folded


def _clean(chart, key: str, title: str) -> Markup:
    """Render `chart` as inline SVG that needs neither inline style nor script."""
    root = chart.render_tree()
    for element in list(root.iter("style", "script", etree.Comment)):
        element.getparent().remove(element)
    for element in list(root.iter("g")):
        if "tooltip" in (element.get("class") or "").split():
            element.getparent().remove(element)
    for element in root.iter():
        element.attrib.pop("style", None)
    root.set("id", f"chart-{key}")
    root.set("class", f"{CHART_CLASS} pygal-chart")
    root.set("role", "img")
    root.set("aria-labelledby", f"chart-{key}-title")
    root.set("focusable", "false")
    svg_title = root.find("title")
    svg_title.set("id", f"chart-{key}-title")
    svg_title.text = title
    return Markup(etree.tostring(root, encoding="unicode"))  # noqa: S704 (lxml escapes the text)


_NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000)


def integer_ticks(largest: int, most: int = 8) -> list[int]:
    """Whole-number axis ticks from 0 past `largest` (counts have no 0.5), at most ~`most`."""
    wanted = max(1, -(-largest // most))
    step = next((s for s in _NICE_STEPS if s >= wanted), wanted)
    return list(range(0, largest + step + 1, step))


def _count_axis(values) -> dict:
    ticks = integer_ticks(max(values, default=0))
    return {"y_labels": ticks, "range": (0, ticks[-1])}


def horizontal_bars(key: str, title: str, pairs: list[tuple[str, int]], headers) -> Chart:
    """One bar per label (sectors, districts, sections), the first at the top."""
    values = [n for _label, n in pairs]
    chart = pygal.HorizontalBar(
        **_COMMON,
        **_count_axis(values),
        height=max(160, 70 + 42 * len(pairs)),
        title=None,
        show_y_guides=False,
        print_values_position="top",
    )
    chart.x_labels = [label for label, _n in reversed(pairs)]  # pygal draws bottom-up
    chart.add(headers[1], list(reversed(values)))
    return Chart(key, title, _clean(chart, key, title), tuple(headers), list(pairs))


def bars_per_day(key: str, title: str, pairs: list[tuple[str, int]], headers) -> Chart:
    """One column per day; at most ~12 day labels on the axis, every day in the table."""
    values = [n for _label, n in pairs]
    chart = pygal.Bar(
        **{**_COMMON, "print_values": len(pairs) <= 31},
        **_count_axis(values),
        height=360,
        title=None,
        x_label_rotation=0,
        show_minor_x_labels=False,
        print_values_position="top",
    )
    chart.x_labels = [label for label, _n in pairs]
    every = max(1, -(-len(pairs) // 12))
    chart.x_labels_major = [label for i, (label, _n) in enumerate(pairs) if i % every == 0]
    chart.add(headers[1], values)
    return Chart(
        key, title, _clean(chart, key, title), tuple(headers), list(pairs), table_open=False
    )


def donut(key: str, title: str, pairs: list[tuple[str, int]], headers, rows=None) -> Chart:
    """Shares of a whole (decisions); the legend names the slices. `rows`: the table's rows."""
    chart = pygal.Pie(
        **{**_COMMON, "show_legend": True, "print_values": False},
        height=420,
        inner_radius=0.45,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        title=None,
    )
    for label, n in pairs:
        chart.add(f"{label}: {n}", n)
    return Chart(key, title, _clean(chart, key, title), tuple(headers), list(rows or pairs))


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """pygal's CSS for every chart kind above, scoped to `svg.glas-chart`, plus sizing."""
    probe = pygal.Pie(**{**_COMMON, "show_legend": True})
    for index in range(16):  # colours for up to 16 series
        probe.add(str(index), 1)
    root = probe.render_tree()
    chart_id = root.get("id")
    css = "\n".join(element.text or "" for element in root.iter("style"))
    css = re.sub(rf"#{re.escape(chart_id)}\b", f"svg.{CHART_CLASS}", css)
    return (
        "/* pygal "
        + pygal.__version__
        + " chart styles, served from our origin (no inline <style> under the CSP). */\n"
        + css
        + f"\nsvg.{CHART_CLASS} {{ display: block; width: 100%; height: auto; max-width: 52rem; }}"
        + f"\nsvg.{CHART_CLASS} .tooltip {{ display: none; }}\n"
    )
