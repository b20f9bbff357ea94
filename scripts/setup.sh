#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine with Node 20, when it is missing:
# pnpm 9 (corepack fails here, so npm installs it), Debian's nats-server, openssl, Go with Debian's nats.go
# (for the fixtures' Go driver), Debian's chromium (the browser runtime test drives it with playwright-core),
# and the workspace's dependencies from the lockfile (which include deno, bun and workerd for the runtime
# tests). Safe to run again: every step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

if ! command -v pnpm >/dev/null 2>&1; then
  log "installing pnpm 9"
  npm install -g pnpm@9 >/dev/null 2>&1 || npm install -g pnpm@9
fi

need_apt=()
command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || need_apt+=(nats-server)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)  # streaming: the protobuf codec staleness test
# Go and Debian's nats.go: the fixtures' Go driver (fixtures/drivers/go, also the recorder's nats.go client) is built offline against them.
command -v go >/dev/null 2>&1 || need_apt+=(golang-go)
[ -f /usr/share/gocode/src/github.com/nats-io/nats.go/nats.go ] || need_apt+=(golang-github-nats-io-go-nats-dev)
# The browser runtime test (packages/core/test/runtimes/browser): about 80 s and 480 MB from Debian.
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
for extra in ${NATS_STACK_APT_EXTRA:-}; do need_apt+=("$extra"); done
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing from Debian: ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin"

log "installing workspace dependencies"
pnpm install --frozen-lockfile --reporter=silent
