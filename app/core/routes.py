from flask import Blueprint, jsonify, render_template, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .services import home_overview, search

bp = Blueprint("core", __name__)


@bp.route("/")
def home():
    return render_template("core/home.html", **home_overview())


@bp.route("/search")
def search_view():
    query = (request.args.get("q") or "").strip()[:200]
    results = search(query) if query else None
    return render_template("core/search.html", query=query, results=results)


@bp.route("/accessibility")
def accessibility():
    return render_template("core/accessibility.html")


@bp.route("/healthz")
def healthz():
    """For load balancers and monitors: 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
