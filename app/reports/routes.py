"""The public consultation report: every published comment and the City's reasoned response."""

from flask import abort, render_template
from flask_login import current_user

from ..consultations.models import Consultation, ConsultationState
from ..extensions import db
from . import bp
from .services import LEGAL_BASIS, report_rows, report_totals


@bp.route("/consultations/<int:consultation_id>")
def consultation_report(consultation_id):
    consultation = db.get_or_404(Consultation, consultation_id)
    preview = consultation.state is not ConsultationState.REPORT_PUBLISHED
    if preview and not (current_user.is_authenticated and current_user.is_staff):
        abort(404)
    return render_template(
        "reports/report.html",
        consultation=consultation,
        rows=report_rows(consultation),
        totals=report_totals(consultation),
        preview=preview,
        legal_basis=LEGAL_BASIS,
    )
