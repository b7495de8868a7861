#!/usr/bin/env bash
# Install cxm, generate a year of demo support data into ./cxm-demo, import it into
# ./cxm.db (or CXM_DATABASE_URL) and print the month-by-month metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
exec .venv/bin/cxm demo "$@"
