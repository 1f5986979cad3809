from flask import render_template

from . import bp


@bp.route("/")
def index():
    return render_template("proposals/index.html")


@bp.route("/<int:proposal_id>")
def detail(proposal_id):
    return render_template("proposals/index.html")


@bp.route("/new")
def new():
    return render_template("proposals/index.html")
