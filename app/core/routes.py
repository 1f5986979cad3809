from flask import Blueprint, render_template, request

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
