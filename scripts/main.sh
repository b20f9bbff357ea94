#!/usr/bin/env bash
# The main job: the nats-stack command line's one-minute tour, then its benchmark report of nats-stack
# against nats.js (core pub/sub, each library in its own processes, rounds interleaved): the tables are
# printed, and bench.md, bench.svg and bench.json are written to bench/results/cli/.
#
#   bash scripts/main.sh               the tour and the CLI benchmark report
#   bash scripts/main.sh bench [NAME]  the bench/ suite instead: every benchmark, or the named ones
#                                      (core, parse, jetstream, …; results in bench/results/)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PATH:/usr/sbin"

if [ "${1:-}" = "bench" ]; then
  shift
  exec node bench/run.mjs "${@:-all}"
fi

node packages/cli/scripts/build.mjs
cli=packages/cli/dist/nats-stack.cjs
node "$cli" tour --no-pause
node "$cli" bench demo.bench --pub 1 --sub 1 --msgs 200000 --size 16 --compare nats.js --report bench/results/cli
