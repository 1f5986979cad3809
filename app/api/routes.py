"""/api/v1/: read-only open data (GET only, no cookies needed, CSRF-exempt)."""

import json

from flask import Response, abort, current_app, request, stream_with_context, url_for

from ..core.i18n import file_language
from ..evidence.compute import published_results
from ..evidence.exports import pack_data
from ..evidence.periods import PeriodError, period_from_args
from ..extensions import csrf
from . import bp
from . import services as s
from .schemas import page_of, ref, single
from .spec import (
    AFTER,
    MAX_ID,
    PAGE,
    PER_PAGE,
    id_parameter,
    openapi_document,
    operation,
    query,
    since_until,
)

csrf.exempt(bp)
ID = f"int(min=1, max={MAX_ID})"

CONSULTATION_ID = id_parameter("consultation_id", "The consultation's number.")
PROPOSAL_ID = id_parameter("proposal_id", "The proposal's number.")


def _json(data, status: int = 200) -> Response:
    return current_app.response_class(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
        status=status,
        mimetype="application/json",
    )


@bp.errorhandler(s.BadParameter)
def bad_parameter(error: s.BadParameter):
    return _json({"error": "Bad Request", "status": 400, "detail": error.detail}, 400)


@bp.route("/")
@operation("What the API offers", "meta", {"type": "object"})
def index():
    """Links to every collection, the OpenAPI description and the bulk downloads."""
    return _json(
        {
            "meta": s.meta(),
            "links": {
                "openapi": url_for(".openapi", _external=True),
                "consultations": url_for(".consultations", _external=True),
                "comments": url_for(".comments", _external=True),
                "proposals": url_for(".proposals", _external=True),
                "reports": url_for(".reports", _external=True),
                "indicators": url_for(".indicators", _external=True),
                **{
                    f"bulk_{name}": url_for(".bulk", dataset=name, _external=True)
                    for name in s.BULK
                },
            },
        }
    )


@bp.route("/openapi.json")
def openapi():
    """This API described in OpenAPI 3.1, generated from the views' declarations."""
    return _json(openapi_document(current_app))


# -- consultations ------------------------------------------------------------------------------
@bp.route("/consultations")
@operation(
    "Public consultations",
    "consultations",
    page_of("Consultation"),
    parameters=(
        PAGE,
        PER_PAGE,
        query(
            "phase",
            {"type": "string", "enum": list(s.PUBLIC_PHASES)},
            "Only consultations in this phase today.",
        ),
        query("kind", {"type": "string", "enum": list(s.KINDS)}, "Only this kind."),
        *since_until("first day for comments"),
    ),
)
def consultations():
    """Every public consultation, newest first (by the first day for comments)."""
    query_ = s.consultations_query(
        s.choice_arg("phase", s.PUBLIC_PHASES),
        s.choice_arg("kind", s.KINDS),
        s.date_arg("since"),
        s.date_arg("until"),
    )
    return _json(s.page(query_, s.consultations_data))


@bp.route(f"/consultations/<{ID}:consultation_id>")
@operation(
    "One consultation with its sections and documents",
    "consultations",
    single("ConsultationDetail"),
    path_parameters={"consultation_id": CONSULTATION_ID},
)
def consultation(consultation_id):
    """A public consultation: both languages, its sections and its documents."""
    found = s.public_consultation(consultation_id) or abort(404)
    return _json({"meta": s.meta(), "data": s.consultation_detail(found)})


# -- comments ---------------------------------------------------------------------------------
@bp.route("/comments")
@operation(
    "Published comments with the City's responses",
    "comments",
    page_of("Comment"),
    parameters=(
        PAGE,
        AFTER,
        PER_PAGE,
        query(
            "consultation",
            {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            "Only comments on this consultation.",
        ),
        *since_until("moment of writing"),
    ),
    description=(
        "Comments approved by moderation on public consultations, oldest first. The "
        "City's response is included once the consultation's report is published; until "
        "then `response` is null. Authors appear as in the report."
    ),
)
def comments():
    filters = (s.int_arg("consultation", None, 1, MAX_ID), s.date_arg("since"), s.date_arg("until"))
    query_ = s.comments_query(*filters)
    total = s.comments_total(*filters)
    return _json(s.page(query_, s.comments_data, cursor=s.COMMENT_CURSOR, total=total))


# -- proposals --------------------------------------------------------------------------------
@bp.route("/proposals")
@operation(
    "Published citizen proposals with their support",
    "proposals",
    page_of("Proposal"),
    parameters=(
        PAGE,
        AFTER,
        PER_PAGE,
        query("stage", {"type": "string", "enum": list(s.STAGES)}, "Only proposals at this stage."),
        query(
            "category",
            {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            "Only proposals in this category.",
        ),
        *since_until("moment of submission"),
    ),
)
def proposals():
    """Proposals published by moderation, newest first, with supports and the City's answer."""
    query_ = s.proposals_query(
        s.choice_arg("stage", s.STAGES),
        s.int_arg("category", None, 1, MAX_ID),
        s.date_arg("since"),
        s.date_arg("until"),
    )
    return _json(s.page(query_, s.proposals_data, cursor=s.PROPOSAL_CURSOR))


@bp.route(f"/proposals/<{ID}:proposal_id>")
@operation(
    "One published proposal",
    "proposals",
    single("Proposal"),
    path_parameters={"proposal_id": PROPOSAL_ID},
)
def proposal(proposal_id):
    """A proposal published by moderation."""
    found = s.public_proposal(proposal_id) or abort(404)
    return _json({"meta": s.meta(), "data": s.proposal_data(found)})


# -- reports ----------------------------------------------------------------------------------
@bp.route("/reports")
@operation(
    "Published consultation reports",
    "reports",
    page_of("ReportSummary"),
    parameters=(PAGE, PER_PAGE, *since_until("publication date")),
)
def reports():
    """Consultations whose report (art. 26(5) Law on Normative Acts) is published, newest first."""
    query_ = s.reports_query(s.date_arg("since"), s.date_arg("until"))
    return _json(s.page(query_, s.reports_data))


@bp.route(f"/reports/<{ID}:consultation_id>")
@operation(
    "One published report: totals and every row",
    "reports",
    single("Report"),
    path_parameters={"consultation_id": CONSULTATION_ID},
)
def report(consultation_id):
    """The report of a consultation: totals by decision, sector, section and status, and one
    row per published comment with the City's decision and reasons."""
    found = s.public_consultation(consultation_id)
    if found is None or not found.responses_public:
        abort(404)
    return _json({"meta": s.meta(), "data": s.report_data(found)})


# -- indicators -------------------------------------------------------------------------------
@bp.route("/indicators")
@operation(
    "Maturity indicators for a period",
    "indicators",
    ref("Indicators"),
    parameters=(
        query(
            "year",
            {"type": "integer", "minimum": 2000, "maximum": 2100},
            "A calendar year (the current year when no period is given).",
        ),
        query(
            "start",
            {"type": "string", "format": "date"},
            "First day of a date range (with `end`; overrides `year`).",
        ),
        query("end", {"type": "string", "format": "date"}, "Last day of a date range."),
    ),
)
def indicators():
    """Every indicator of docs/indicators.md with its definition, value, numerator,
    denominator, breakdown and framework mapping."""
    try:
        period = period_from_args(request.args)
    except PeriodError as error:
        raise s.BadParameter(str(error.message)) from None
    results, _computed_at = published_results(period.start, period.end)
    data = pack_data(period, results)
    return _json({"meta": s.meta(), **data})


# -- bulk -------------------------------------------------------------------------------------
@bp.route("/bulk/<any(consultations, comments, proposals):dataset>.csv")
@file_language
@operation(
    "Bulk download (CSV)",
    "bulk",
    None,
    media_type="text/csv",
    path_parameters={
        "dataset": {
            "name": "dataset",
            "in": "path",
            "required": True,
            "schema": {"type": "string", "enum": list(s.BULK)},
            "description": "Which data set.",
        }
    },
)
def bulk(dataset):
    """A whole data set as one CSV file (UTF-8 with a byte-order mark, comma-separated),
    streamed; the same fields as the JSON collections, both languages side by side."""
    response = Response(
        stream_with_context(s.bulk_csv(dataset)), mimetype="text/csv", content_type=None
    )
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="glas-{dataset}.csv"'
    return response
