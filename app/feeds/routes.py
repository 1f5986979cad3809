from flask import make_response

from . import bp, services

ATOM = "application/atom+xml"


def _respond(body: bytes, mimetype: str, filename: str | None = None):
    response = make_response(body)
    response.mimetype = mimetype
    response.charset = "utf-8"
    response.headers["Cache-Control"] = "public, max-age=600"
    # Without ?lang= the language comes from the session or Accept-Language.
    response.vary.update(("Accept-Language", "Cookie"))
    if filename:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@bp.route("/consultations.atom")
def consultations():
    return _respond(services.consultations_atom(), ATOM)


@bp.route("/reports.atom")
def reports():
    return _respond(services.reports_atom(), ATOM)


@bp.route("/proposals.atom")
def proposals():
    return _respond(services.proposals_atom(), ATOM)


@bp.route("/consultations.ics")
def calendar():
    return _respond(services.consultations_ics(), "text/calendar", "glas-consultations.ics")
