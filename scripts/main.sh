#!/usr/bin/env bash
# The main job: the benchmarks of nats-stack against the official clients, printing their tables
# (also written to bench/results/). Pass a benchmark name to run only that one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PATH:/usr/sbin"
exec node bench/run.mjs "${@:-all}"
