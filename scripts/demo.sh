#!/usr/bin/env bash
# Install cxm, generate a year of demo support data into ./cxm-demo, import it into
# ./cxm.db (or CXM_DATABASE_URL), print the month-by-month metrics and serve the dashboard at
# http://127.0.0.1:8000/dashboard with the demo login it prints (--no-serve: stop after the
# table; --port P: another port).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
exec .venv/bin/cxm demo "$@"
