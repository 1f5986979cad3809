from flask import render_template

from . import bp


@bp.route("/")
def index():
    return render_template("consultations/index.html")


@bp.route("/<int:consultation_id>")
def detail(consultation_id):
    return render_template("consultations/index.html")
