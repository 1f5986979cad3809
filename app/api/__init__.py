"""The open data API, version 1: read-only JSON and CSV under /api/v1/, CC BY 4.0.

Every view declares its parameters and response schema next to it (`spec.operation`); the
OpenAPI document at /api/v1/openapi.json is generated from those declarations.
"""

from flask import Blueprint

bp = Blueprint("api", __name__)
