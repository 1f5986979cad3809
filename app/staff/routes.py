from flask import render_template

from ..auth.decorators import staff_required
from . import bp


@bp.route("/")
@staff_required
def dashboard():
    return render_template("staff/dashboard.html")
