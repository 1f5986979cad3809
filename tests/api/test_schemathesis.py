"""Property-based checks of the API against its own OpenAPI document (Schemathesis).

The document is read from an application that needs no database (it is generated from the
code); the requests go to the test application, whose database holds the demo data
(`flask seed-demo`). For every operation Schemathesis generates requests from the declared
parameters and checks that none fails with a server error and that every response matches
the schema the document declares for it.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from app import create_app

MAX_EXAMPLES = 25

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
)


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "Demo data loaded" in result.output


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_conforms_to_its_openapi_document(case, app, demo):
    case.call_and_validate(app=app, checks=[not_a_server_error, response_schema_conformance])
