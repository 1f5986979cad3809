"""JSON Schemas (OpenAPI 3.1) of what the API returns: the `components.schemas` section."""

from ..auth.models import Sector
from ..consultations.models import ConsultationKind, DocumentKind, Phase, ResponseDecision
from ..evidence.definitions import Dimension, Unit
from ..moderation.models import ModerationStatus
from ..proposals.models import Stage


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def enum(members, allow_null: bool = False) -> dict:
    values = [m.value for m in members]
    if allow_null:
        return {"type": ["string", "null"], "enum": [*values, None]}
    return {"type": "string", "enum": values}


def obj(properties: dict, required: list | None = None, extra: bool = False) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": extra,
    }


STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}
NULLABLE_INTEGER = {"type": ["integer", "null"]}
NUMBER_OR_NULL = {"type": ["number", "null"]}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
NULLABLE_DATETIME = {"type": ["string", "null"], "format": "date-time"}
URL = {"type": "string", "format": "uri"}
SUPPORTED_PHASES = [p for p in Phase if p is not Phase.DRAFT]

CONSULTATION = {
    "id": INTEGER,
    "kind": enum(ConsultationKind),
    "phase": enum(SUPPORTED_PHASES),
    "title": ref("Localized"),
    "summary": ref("Localized"),
    "opens_on": DATE,
    "closes_on": DATE,
    "duration_days": INTEGER,
    "exceptional_reason": ref("NullableLocalized"),
    "early_close_reason": NULLABLE_STRING,
    "published_at": NULLABLE_DATETIME,
    "closed_at": NULLABLE_DATETIME,
    "report_published_at": NULLABLE_DATETIME,
    "approved_comments": INTEGER,
    "url": URL,
    "api_url": URL,
    "report_url": nullable(URL),
}

SCHEMAS = {
    "Localized": obj({"bg": STRING, "en": STRING}),
    "NullableLocalized": obj({"bg": NULLABLE_STRING, "en": NULLABLE_STRING}),
    "Licence": obj({"name": STRING, "url": URL}),
    "Meta": obj(
        {
            "licence": ref("Licence"),
            "attribution": STRING,
            "generated_at": DATETIME,
            "page": INTEGER,
            "per_page": INTEGER,
            "total": INTEGER,
            "pages": INTEGER,
            "after": INTEGER,
        },
        required=["licence", "attribution", "generated_at"],
    ),
    "Links": obj(
        {
            "self": URL,
            "first": URL,
            "last": URL,
            "next": nullable(URL),
            "prev": nullable(URL),
            "next_by_cursor": nullable(URL),
        },
        required=["self"],
    ),
    "Error": obj({"error": STRING, "status": INTEGER, "detail": STRING}, ["error", "status"]),
    "Consultation": obj(CONSULTATION),
    "Section": obj(
        {
            "id": INTEGER,
            "position": INTEGER,
            "heading": ref("Localized"),
            "body": ref("Localized"),
        }
    ),
    "Document": obj(
        {
            "id": INTEGER,
            "kind": enum(DocumentKind),
            "title": STRING,
            "filename": STRING,
            "content_type": STRING,
            "size_bytes": INTEGER,
            "uploaded_at": DATETIME,
            "url": URL,
        }
    ),
    "ConsultationDetail": obj(
        {
            **CONSULTATION,
            "body": ref("Localized"),
            "sections": {"type": "array", "items": ref("Section")},
            "documents": {"type": "array", "items": ref("Document")},
        }
    ),
    "Response": obj(
        {
            "decision": enum(ResponseDecision),
            "reason": ref("Localized"),
            "responded_at": DATETIME,
        }
    ),
    "Comment": obj(
        {
            "id": INTEGER,
            "consultation_id": INTEGER,
            "section_id": NULLABLE_INTEGER,
            "parent_id": NULLABLE_INTEGER,
            "created_at": DATETIME,
            "participant": STRING,
            "sector": enum(Sector, allow_null=True),
            "organisation": NULLABLE_STRING,
            "body": STRING,
            "language": STRING,
            "response": nullable(ref("Response")),
        }
    ),
    "Category": obj({"id": INTEGER, "name": ref("Localized")}),
    "Proposal": obj(
        {
            "id": INTEGER,
            "title": STRING,
            "body": STRING,
            "language": STRING,
            "stage": enum(Stage),
            "support_count": INTEGER,
            "threshold_reached_at": NULLABLE_DATETIME,
            "category": nullable(ref("Category")),
            "author": STRING,
            "created_at": DATETIME,
            "answer": ref("NullableLocalized"),
            "answered_at": NULLABLE_DATETIME,
            "first_answered_at": NULLABLE_DATETIME,
            "url": URL,
            "api_url": URL,
        }
    ),
    "ReportSummary": obj(
        {
            "consultation": ref("Consultation"),
            "approved_comments": INTEGER,
            "url": URL,
            "api_url": URL,
        }
    ),
    "ReportTotals": obj(
        {
            "approved_comments": INTEGER,
            "by_decision": {"type": "object", "additionalProperties": INTEGER},
            "by_sector": {"type": "object", "additionalProperties": INTEGER},
            "by_section": {
                "type": "array",
                "items": obj(
                    {
                        "section_id": NULLABLE_INTEGER,
                        "heading": nullable(ref("Localized")),
                        "comments": INTEGER,
                    }
                ),
            },
            "by_status": {
                "type": "object",
                "properties": {s.value: INTEGER for s in ModerationStatus},
            },
        }
    ),
    "ReportRow": obj(
        {
            "number": INTEGER,
            "comment_id": INTEGER,
            "parent_id": NULLABLE_INTEGER,
            "created_at": DATETIME,
            "participant": STRING,
            "sector": enum(Sector, allow_null=True),
            "organisation": NULLABLE_STRING,
            "section": nullable(obj({"id": INTEGER, "heading": ref("Localized")})),
            "body": STRING,
            "language": STRING,
            "decision": enum(ResponseDecision, allow_null=True),
            "reason": ref("Localized"),
        }
    ),
    "Report": obj(
        {
            "consultation": ref("Consultation"),
            "legal_basis": STRING,
            "totals": ref("ReportTotals"),
            "rows": {"type": "array", "items": ref("ReportRow")},
        }
    ),
    "BreakdownRow": obj(
        {
            "key": NULLABLE_STRING,
            "label": ref("Localized"),
            "value": NUMBER_OR_NULL,
            "numerator": NUMBER_OR_NULL,
            "denominator": NUMBER_OR_NULL,
            "reference": NUMBER_OR_NULL,
        },
        required=["key", "label", "value", "numerator", "denominator"],
    ),
    "Indicator": obj(
        {
            "id": {"type": "string", "pattern": "^GLAS-[A-Z][0-9]{2}$"},
            "area": obj({"key": STRING, "name": ref("Localized")}),
            "name": ref("Localized"),
            "definition": ref("Localized"),
            "numerator_definition": ref("Localized"),
            "denominator_definition": ref("Localized"),
            "unit": enum(Unit),
            "value": NUMBER_OR_NULL,
            "applicable": {"type": "boolean"},
            "numerator": NUMBER_OR_NULL,
            "denominator": NUMBER_OR_NULL,
            "breakdown": nullable(
                obj(
                    {
                        "dimension": enum(Dimension),
                        "rows": {"type": "array", "items": ref("BreakdownRow")},
                    }
                )
            ),
            "frameworks": {
                "type": "array",
                "items": obj(
                    {"framework": STRING, "name": ref("Localized"), "item": ref("Localized")}
                ),
            },
        }
    ),
    "Indicators": obj(
        {
            "meta": ref("Meta"),
            "generated_at": DATETIME,
            "period": obj({"start": DATE, "end": DATE}),
            "parameters": {"type": "object", "additionalProperties": INTEGER},
            "licence": ref("Licence"),
            "terms": {
                "type": "array",
                "items": obj({"key": STRING, "name": ref("Localized"), "text": ref("Localized")}),
            },
            "indicators": {"type": "array", "items": ref("Indicator")},
        }
    ),
}


def page_of(item: str) -> dict:
    """A paginated list of `item`."""
    return obj(
        {
            "meta": ref("Meta"),
            "links": ref("Links"),
            "data": {"type": "array", "items": ref(item)},
        }
    )


def single(item: str) -> dict:
    return obj({"meta": ref("Meta"), "data": ref(item)})
