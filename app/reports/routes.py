from flask import render_template

from . import bp


@bp.route("/consultations/<int:consultation_id>")
def consultation_report(consultation_id):
    return render_template("reports/report.html")
