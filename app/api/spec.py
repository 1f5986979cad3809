"""A small registry: each API view declares its parameters and responses where it is defined,
and `openapi_document()` turns the declarations and the URL map into OpenAPI 3.1."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask

from .schemas import SCHEMAS, ref

API_VERSION = "1.0.0"
LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Glas, the City's public consultation platform"
MAX_PAGE = 100_000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
MAX_ID = 2_147_483_647


@dataclass(frozen=True)
class Operation:
    endpoint: str  # the view's endpoint name inside the blueprint
    summary: str
    description: str
    tag: str
    parameters: tuple[dict, ...]
    schema: dict | None  # the 200 response body (JSON), or None for CSV
    media_type: str = "application/json"
    path_parameters: dict = field(default_factory=dict)


REGISTRY: dict[str, Operation] = {}


def operation(
    summary: str,
    tag: str,
    schema: dict | None,
    parameters: tuple[dict, ...] = (),
    description: str = "",
    media_type: str = "application/json",
    path_parameters: dict | None = None,
) -> Callable:
    """Declare the view below as an API operation (GET)."""

    def decorator(view):
        REGISTRY[view.__name__] = Operation(
            endpoint=view.__name__,
            summary=summary,
            description=description or (view.__doc__ or "").strip(),
            tag=tag,
            parameters=tuple(parameters),
            schema=schema,
            media_type=media_type,
            path_parameters=path_parameters or {},
        )
        return view

    return decorator


# -- parameters, declared once -----------------------------------------------------------
def query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


PAGE = query(
    "page",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    "Page number, from 1. A page past the last one is empty.",
)
PER_PAGE = query(
    "per_page",
    {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
    f"Items per page, at most {MAX_PER_PAGE}.",
)

AFTER = query(
    "after",
    {"type": "integer", "minimum": 0, "maximum": MAX_ID},
    "Walk the whole list: the id of the last item received (as in `links.next_by_cursor`). "
    "Every page then costs the same however deep, and `page` and the total are left out.",
)


def since_until(what: str) -> tuple[dict, dict]:
    return (
        query(
            "since",
            {"type": "string", "format": "date"},
            f"Only items whose {what} is on or after this date (YYYY-MM-DD, city time).",
        ),
        query(
            "until",
            {"type": "string", "format": "date"},
            f"Only items whose {what} is on or before this date (YYYY-MM-DD, city time).",
        ),
    )


def id_parameter(name: str, description: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        "description": description,
    }


ERROR_RESPONSES = {
    "400": {
        "description": "A parameter has a value the API does not accept.",
        "content": {"application/json": {"schema": ref("Error")}},
    },
    "404": {
        "description": "No such item (or it is not public).",
        "content": {"application/json": {"schema": ref("Error")}},
    },
}

_RULE_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def _openapi_path(rule: str) -> str:
    return _RULE_ARGUMENT.sub(r"{\1}", rule)


def openapi_document(app: Flask, blueprint: str = "api") -> dict:
    paths: dict[str, dict] = {}
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    for name, op in REGISTRY.items():
        rule = rules.get(f"{blueprint}.{name}")
        if rule is None:
            continue
        if op.schema is None:
            content = {op.media_type: {"schema": {"type": "string"}}}
        else:
            content = {op.media_type: {"schema": op.schema}}
        path_params = [
            op.path_parameters[argument]
            for argument in rule.arguments
            if argument in op.path_parameters
        ]
        paths[_openapi_path(rule.rule)] = {
            "get": {
                "operationId": name,
                "summary": op.summary,
                "description": op.description,
                "tags": [op.tag],
                "parameters": [*path_params, *op.parameters],
                "responses": {
                    "200": {"description": op.summary, "content": content},
                    **ERROR_RESPONSES,
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Glas open data API",
            "version": API_VERSION,
            "description": (
                "Read-only open data from Glas, the City's public consultation and citizen "
                "proposal platform: public consultations with their sections and documents, "
                "published comments with the City's responses (once the consultation report "
                "is published), proposals with their support, published reports and the "
                "maturity indicators. Participants appear as they do in the published "
                "reports (a name, an organisation or a neutral word), never with an e-mail. "
                "Dates are ISO 8601; moments are in UTC. The data are published under "
                "CC BY 4.0: reuse them, naming the source. In the CSV downloads a text cell "
                "that would start with =, +, -, @ or a control character is prefixed with an "
                "apostrophe, so that no spreadsheet runs it as a formula."
            ),
            "license": {"name": LICENCE_NAME, "url": LICENCE_URL},
        },
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": SCHEMAS},
        "tags": [
            {"name": "consultations"},
            {"name": "comments"},
            {"name": "proposals"},
            {"name": "reports"},
            {"name": "indicators"},
            {"name": "bulk"},
            {"name": "meta"},
        ],
    }
