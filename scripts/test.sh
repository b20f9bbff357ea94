#!/usr/bin/env bash
# The whole test suite: type checks of every project, then every jest project (unit, property, replay and
# real-server integration tests). Ends with one line `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PATH:/usr/sbin"
exec node scripts/run-tests.mjs "$@"
