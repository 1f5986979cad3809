from flask import render_template

from ..auth.decorators import moderator_required
from . import bp


@bp.route("/")
@moderator_required
def queue():
    return render_template("moderation/queue.html")
