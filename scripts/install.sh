#!/usr/bin/env bash
# Install everything cxm needs on a Debian/Ubuntu machine: system packages (PostgreSQL for
# the tests), then a virtual environment in .venv with cxm itself.
#   scripts/install.sh          cxm and what it needs to run
#   scripts/install.sh --test   also the test tools and the PostgreSQL server the tests start
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "cxm needs Python 3.11 or newer (found: $("$python" --version 2>&1))" >&2
    exit 1
fi

packages=()
have() { dpkg -s "$1" >/dev/null 2>&1; }
# fonts that draw Khmer, Thai and Vietnamese in the PDF report, and the text layout library
# the PDF renderer uses
for pkg in fonts-khmeros fonts-thai-tlwg fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0; do
    have "$pkg" || packages+=("$pkg")
done
if [ "$with_tests" = 1 ]; then
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)
    # a real browser for the page tests; a spreadsheet program to recalculate the report's
    # formulas; poppler to read and draw the PDF report
    [ -x /usr/bin/chromium ] || packages+=(chromium)
    command -v soffice >/dev/null || packages+=(libreoffice-calc-nogui)
    have poppler-utils || packages+=(poppler-utils)
fi
if [ "${#packages[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing system packages: ${packages[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
        # The tests start their own server; the one the package starts is not needed.
        if command -v pg_ctlcluster >/dev/null; then
            pg_lsclusters -h 2>/dev/null | while read -r ver name _; do
                pg_ctlcluster "$ver" "$name" stop 2>/dev/null || true
            done
        fi
    else
        echo "please install these packages first (as root): ${packages[*]}" >&2
        exit 1
    fi
fi

if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
extras=""
[ "$with_tests" = 1 ] && extras="[test]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
echo "cxm is installed in .venv (run .venv/bin/cxm --help)"
