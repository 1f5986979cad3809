"""The public consultation report: every published comment and the City's reasoned response."""

from flask import Response, abort, current_app, render_template, request
from flask_login import current_user

from ..consultations.models import Consultation, ConsultationState
from ..core.i18n import file_language
from ..extensions import db
from . import bp, charts
from .downloads import FORMATS, export_language, export_response
from .services import LEGAL_BASIS, report_rows, report_totals, thread_page


def _report_or_404(consultation_id: int) -> tuple[Consultation, bool]:
    """The consultation and whether this is a staff preview; 404 while unpublished for others."""
    consultation = db.get_or_404(Consultation, consultation_id)
    preview = consultation.state is not ConsultationState.REPORT_PUBLISHED
    if preview and not (current_user.is_authenticated and current_user.is_staff):
        abort(404)
    return consultation, preview


def _root_arg(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 10:
        abort(404)
    return int(raw)


@bp.route("/consultations/<int:consultation_id>")
def consultation_report(consultation_id):
    consultation, preview = _report_or_404(consultation_id)
    # A report of thousands of comments is read page by page here (whole threads, keyset by
    # the id that starts a thread) and in full in the downloads.
    page = thread_page(
        consultation,
        after=_root_arg("after"),
        before=_root_arg("before"),
        threads=current_app.config["REPORT_THREADS_PER_PAGE"],
    )
    return render_template(
        "reports/report.html",
        consultation=consultation,
        page=page,
        rows=report_rows(consultation, page=page),
        totals=report_totals(consultation),
        preview=preview,
        legal_basis=LEGAL_BASIS,
        formats=FORMATS,
    )


@bp.route("/consultations/<int:consultation_id>/report.<any(docx,xlsx,csv,json):fmt>")
@file_language
def consultation_report_download(consultation_id, fmt):
    """The published report as a file, in `?lang=bg|en` (the page language by default)."""
    consultation, preview = _report_or_404(consultation_id)
    if preview:
        abort(404)  # staff download drafts from their own pages (staff.export), with an audit
    return export_response(consultation, fmt, export_language(), cache_control="no-cache")


@bp.route("/charts.css")
def chart_stylesheet():
    """pygal's chart styles as a same-origin stylesheet: pages allow no inline styles."""
    response = Response(charts.stylesheet(), content_type="text/css; charset=utf-8")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
