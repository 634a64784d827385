#!/usr/bin/env bash
# Idempotent: installs and starts the engine GitHub's runners ship today — Docker 28.5.2,
# containerd 2.1.9, buildx 0.29.1 — SIDE BY SIDE with the Docker 20.10 daemon that
# scripts/setup-docker.sh runs (run that first: it provides bookworm's runc and docker-init).
#
#   scripts/setup-modern-docker.sh [ENGINE...]     ENGINE: modern-containerd, modern-classic (default: both)
#
#   modern-containerd  dockerd 28.5 with the containerd image store (features.containerd-snapshotter)
#   modern-classic     dockerd 28.5 with the classic store (overlay2 graph driver)
#
# Each engine gets its own containerd, data root, exec root, socket and a bridge created here by hand.
# Never `--bridge none`: a second dockerd started with it deletes the other daemon's docker0, and RUN
# steps on it fail with "network bridge not found". The 20.10 daemon, its docker0 and its iptables
# rules are never touched (--iptables=false --ip-forward=false).
#
# The packages come from Debian sid through a private apt state (own source list, lists and cache
# dirs; the system's apt state is untouched) and are unpacked with `dpkg-deb -x` under $ROOT — never
# `dpkg -i`, which would replace the 20.10 daemon. sid's runc needs glibc 2.38 (bookworm has 2.36) and
# its docker-init is a dangling link, so bookworm's runc and docker-init are used.
#
# For each engine it writes $ROOT/env/<engine>.env (shell `export` lines; DCB_ENGINE=<engine> makes the
# test suites load it, see test/support/engine.ts) and builds the local base image on that daemon.
set -euo pipefail

ROOT="${DCB_MODERN_ROOT:-/opt/docker-cache-bench/modern}"
STATE="/var/lib/docker-cache-bench"
RUN="/run/dcb"
BASE_IMAGE="${DCB_BASE_IMAGE:-docker-cache-bench/base:local}"
# Exact versions, so every machine tests the same engine. sid moves on: when these leave it, bump them
# (and say so in the README's "Engines tested").
PKGS=(docker.io=28.5.2+dfsg4-5 docker-cli=28.5.2+dfsg4-5 docker-buildx=0.29.1+ds1-4 containerd=2.1.9+ds1-5)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { printf '[setup-modern-docker] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
[ "$(id -u)" -eq 0 ] || die "run as root (it starts daemons and creates bridges)"

# One run at a time: helpers and CI may call this concurrently on one machine.
mkdir -p "$RUN"
exec 9>"$RUN/setup.lock"
flock 9

# --- 1. packages (download + extract once) -----------------------------------------------------
debian_uri() {
  local src=/etc/apt/sources.list.d/debian.sources uri=""
  [ -f "$src" ] && uri="$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$src")"
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri="$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)"
  fi
  [ -n "$uri" ] || die "no Debian source URI found in $src or /etc/apt/sources.list"
  printf '%s' "$uri"
}

install_packages() {
  local work t0
  t0=$(date +%s.%N)
  work="$(mktemp -d)"
  chmod 0755 "$work" # apt's _apt user may write into it
  mkdir -p "$work/lists/partial" "$work/archives/partial"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s sid main\n' "$(debian_uri)" >"$work/sid.list"
  local aptopts=(-o "Dir::Etc::SourceList=$work/sid.list" -o "Dir::Etc::SourceParts=-"
    -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::Archives=$work/archives"
    -o "APT::Sandbox::User=root" -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=" -o "APT::Get::List-Cleanup=0")
  apt-get "${aptopts[@]}" update -qq
  (cd "$work" && apt-get "${aptopts[@]}" download "${PKGS[@]}" >/dev/null) ||
    die "sid no longer has ${PKGS[*]}: bump PKGS in $0"
  rm -rf "$ROOT/pkg.new" && mkdir -p "$ROOT/pkg.new"
  for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$ROOT/pkg.new"; done
  rm -rf "$ROOT/pkg" && mv "$ROOT/pkg.new" "$ROOT/pkg"
  printf '%s\n' "${PKGS[@]}" >"$ROOT/pkg/.versions"
  rm -rf "$work"
  log "downloaded and extracted ${PKGS[*]} in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }')"
}

if [ "$(cat "$ROOT/pkg/.versions" 2>/dev/null)" != "$(printf '%s\n' "${PKGS[@]}")" ]; then install_packages; fi

# bin/ is the PATH of the daemons and of the clients: sid's binaries plus bookworm's runc and
# docker-init (from scripts/setup-docker.sh's docker.io). docker-proxy is only needed for published ports.
host_runc="$(command -v runc || true)"
host_init="$(readlink -f /usr/bin/docker-init 2>/dev/null || true)"
[ -x "$host_runc" ] || die "no runc on PATH: run scripts/setup-docker.sh first (bookworm's docker.io brings runc)"
[ -x "$host_init" ] || die "no working /usr/bin/docker-init: run scripts/setup-docker.sh first (bookworm's tini)"
mkdir -p "$ROOT/bin" "$ROOT/docker-config/cli-plugins"
for b in usr/sbin/dockerd usr/sbin/docker-proxy usr/bin/containerd usr/bin/containerd-shim-runc-v2 usr/bin/ctr usr/bin/docker; do
  ln -sfn "$ROOT/pkg/$b" "$ROOT/bin/$(basename "$b")"
done
ln -sfn "$host_runc" "$ROOT/bin/runc"
ln -sfn "$host_init" "$ROOT/bin/docker-init"
install -m 0755 "$ROOT/pkg/usr/libexec/docker/cli-plugins/docker-buildx" "$ROOT/docker-config/cli-plugins/docker-buildx"

# --- 2. one engine: bridge, containerd, dockerd, env file, base image ------------------------------
running() { [ -r "/proc/$1/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status"; }
pid_alive() { [ -f "$1" ] && running "$(cat "$1")"; }

wait_for() { # seconds, log file, command...
  local secs="$1" logf="$2"
  shift 2
  for _ in $(seq 1 "$secs"); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 1
  done
  log "timed out waiting for: $*; last lines of $logf:"
  tail -n 20 "$logf" >&2
  exit 1
}

# A bridge of our own with an address; an existing one is kept as it is.
ensure_bridge() { # name cidr
  if ! ip link show "$1" >/dev/null 2>&1; then
    if ip -4 route show | grep -q "^${2%.*}\."; then die "subnet of $2 is already routed here; pick another in $0"; fi
    ip link add "$1" type bridge
    ip addr add "$2" dev "$1"
  fi
  ip link set "$1" up
}

start_containerd() { # engine
  local e="$1" dir="$RUN/$1"
  pid_alive "$dir/containerd.pid" && return 0
  mkdir -p "$dir" "$STATE/$e/containerd" "$ROOT/containerd-opt"
  cat >"$dir/containerd.toml" <<EOF
version = 3
root = "$STATE/$e/containerd"
state = "$dir/containerd"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.cri.v1.runtime", "io.containerd.cri.v1.images"]
[grpc]
  address = "$dir/containerd.sock"
[ttrpc]
  address = "$dir/containerd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$ROOT/containerd-opt"
EOF
  PATH="$ROOT/bin:$PATH" setsid nohup containerd --config "$dir/containerd.toml" \
    >"/var/log/dcb-$e-containerd.log" 2>&1 </dev/null 9>&- &
  echo $! >"$dir/containerd.pid"
  wait_for 30 "/var/log/dcb-$e-containerd.log" "$ROOT/bin/ctr" --address "$dir/containerd.sock" version
}

start_dockerd() { # engine snapshotter(true|false) bridge
  local e="$1" dir="$RUN/$1"
  local sock="unix://$dir/docker.sock"
  DOCKER_HOST="$sock" "$ROOT/bin/docker" info >/dev/null 2>&1 && return 0
  if [ -f "$dir/docker.pid" ] && ! pid_alive "$dir/docker.pid"; then rm -f "$dir/docker.pid"; fi
  mkdir -p "$STATE/$e/docker" "$dir/exec"
  printf '{"features":{"containerd-snapshotter":%s}}\n' "$2" >"$dir/daemon.json"
  PATH="$ROOT/bin:$PATH" setsid nohup dockerd --config-file "$dir/daemon.json" \
    --containerd "$dir/containerd.sock" --data-root "$STATE/$e/docker" --exec-root "$dir/exec" \
    --pidfile "$dir/docker.pid" -H "$sock" --bridge "$3" --cgroup-parent "/dcb-$e" \
    --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
    >"/var/log/dcb-$e-dockerd.log" 2>&1 </dev/null 9>&- &
  wait_for 60 "/var/log/dcb-$e-dockerd.log" env DOCKER_HOST="$sock" "$ROOT/bin/docker" info
}

write_env() { # engine
  local e="$1"
  mkdir -p "$ROOT/env"
  cat >"$ROOT/env/$e.env.tmp" <<EOF
# docker-cache-bench engine "$e" (written by scripts/setup-modern-docker.sh).
# \`. $ROOT/env/$e.env\` points docker (the 28.5 client, buildx 0.29.1) at it; or set only
# DCB_ENGINE=$e for the test suites, which load this file themselves (test/support/engine.ts).
export DCB_ENGINE=$e
export DOCKER_HOST=unix://$RUN/$e/docker.sock
export DOCKER_CONFIG=$ROOT/docker-config
export PATH=$ROOT/bin:\${PATH#$ROOT/bin:}
EOF
  mv "$ROOT/env/$e.env.tmp" "$ROOT/env/$e.env"
}

build_base_image() { # engine
  # Built on that daemon (not `docker save | load`: loaded layers stay uncompressed in the content
  # store, unlike built ones), by the same script the 20.10 daemon's base image comes from.
  (
    # shellcheck source=/dev/null
    . "$ROOT/env/$1.env"
    DCB_BASE_IMAGE="$BASE_IMAGE" bash "$here/build-base-image.sh"
  )
}

setup_engine() { # engine
  case "$1" in
    modern-containerd) local snap=true bridge=dcb-ctd0 cidr=10.213.1.1/24 ;;
    modern-classic) local snap=false bridge=dcb-cls0 cidr=10.213.2.1/24 ;;
    *) die "unknown engine $1 (modern-containerd | modern-classic)" ;;
  esac
  ensure_bridge "$bridge" "$cidr"
  start_containerd "$1"
  start_dockerd "$1" "$snap" "$bridge"
  write_env "$1"
  build_base_image "$1"
  local v
  v="$(DOCKER_HOST="unix://$RUN/$1/docker.sock" "$ROOT/bin/docker" info --format '{{.ServerVersion}} {{.Driver}}')"
  log "ready: $1 (engine $v) — . $ROOT/env/$1.env"
}

engines=("$@")
[ ${#engines[@]} -gt 0 ] || engines=(modern-containerd modern-classic)
for e in "${engines[@]}"; do setup_engine "$e"; done
