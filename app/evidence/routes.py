"""Participation in numbers: the public page, its charts and the staff evidence pack."""

import click
from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.decorators import staff_required
from ..core.i18n import current_language, file_language, localized
from ..core.timeutil import local_today
from ..extensions import db
from ..staff.exports import csv_delimiter
from . import bp
from .charts import chart_svg, has_chart
from .compute import compute_all, parameters, published_result, published_results
from .definitions import AREAS, BY_ID, FRAMEWORKS, INDICATORS, TERMS, Unit
from .docs import DOCS_PATH, write_docs
from .exports import pack_json, pack_xlsx, pack_zip
from .forms import PeriodForm
from .periods import PeriodError, available_years, period_from_args
from .presentation import dimension_name, display_value, key_label, number, unit_name
from .services import record_export

PACK_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "zip": "application/zip",
}
# The chart's own policy: pygal styles its SVG inline; the SVG runs no script.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"


@bp.context_processor
def evidence_helpers():
    return {
        "display_value": display_value,
        "number": number,
        "key_label": key_label,
        "dimension_name": dimension_name,
        "unit_name": unit_name,
        "FRAMEWORKS": FRAMEWORKS,
        "Unit": Unit,
    }


@bp.route("/")
def index():
    today = local_today()
    form = PeriodForm(available_years(), formdata=request.args)
    period, problem = form.chosen(today)
    results, computed_at = published_results(period.start, period.end)
    by_area = {key: [(i, r) for i, r in results if i.area == key] for key in AREAS}
    return render_template(
        "evidence/index.html",
        form=form,
        period=period,
        problem=problem,
        areas=AREAS,
        by_area=by_area,
        terms=TERMS,
        has_chart=has_chart,
        parameters=parameters(),
        computed_at=computed_at,
        lang=current_language(),
    )


def _period_or_400():
    try:
        return period_from_args(request.args)
    except PeriodError:
        abort(400)


@bp.route("/charts/<indicator_id>.svg")
def chart(indicator_id):
    indicator = BY_ID.get(indicator_id) or abort(404)
    period = _period_or_400()
    result = published_result(indicator.id, period.start, period.end)
    if not has_chart(indicator, result):
        abort(404)
    labels = {
        "value": dimension_name(indicator.breakdown),
        "participants": _("Participants (%)"),
        "residents": _("Residents (%)"),
    }
    svg = chart_svg(indicator, result, localized(indicator, "name").text, labels)
    response = make_response(svg)
    response.mimetype = "image/svg+xml"
    response.headers["Content-Security-Policy"] = SVG_POLICY
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Content-Language"] = current_language()
    return response


@bp.route("/pack.<any(xlsx, json, zip):fmt>")
@file_language
@staff_required
def pack(fmt):
    try:
        period = period_from_args(request.args)
    except PeriodError as error:
        flash(error.message, "error")
        return redirect(url_for(".index"))
    results = compute_all(period.start, period.end)
    if fmt == "xlsx":
        body = pack_xlsx(period, results)
    elif fmt == "json":
        body = pack_json(period, results)
    else:
        body = pack_zip(period, results, current_language(), csv_delimiter())
    record_export(current_user, period, fmt)
    db.session.commit()
    response = make_response(body)
    response.mimetype = PACK_TYPES[fmt]
    filename = f"glas-evidence-{period.slug}.{fmt}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.cli.command("docs")
def docs_command():
    """Write docs/indicators.md from the indicator definitions."""
    path = write_docs(DOCS_PATH)
    click.echo(f"Wrote {path} ({len(INDICATORS)} indicators).")
