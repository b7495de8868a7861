#!/usr/bin/env bash
# Install everything, then run the whole test suite (storage tests run on SQLite and on a
# PostgreSQL server the tests start themselves). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh --test
.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench
exec .venv/bin/python -m pytest -n 2 "$@"
