#!/usr/bin/env bash
# Before the first release only: rebuild the single initial migration from the models.
# Run after changing a model; then run the tests (they build the schema from migrations).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f migrations/versions/*_initial_schema.py
export FLASK_APP=wsgi.py DATABASE_URL="sqlite:///$tmp/gen.sqlite3"
.venv/bin/flask db migrate -m "initial schema" >/dev/null
.venv/bin/ruff format migrations/versions -q || true
rm -rf "$tmp"
ls migrations/versions
