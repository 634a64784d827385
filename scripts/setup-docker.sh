#!/usr/bin/env bash
# Idempotent: prepares a bare Debian machine (or CI) to run docker-cache-bench and its tests.
#   1. docker.io (dockerd 20.10 + a 20.10 client at /usr/bin/docker), busybox-static, openssh-client
#   2. the buildx plugin, from Debian trixie's docker-buildx .deb (no other registry is reachable)
#   3. a running dockerd (started here when `docker info` fails)
#   4. a local base image built from busybox-static, because no registry can be pulled from
# Every step checks first and does nothing when already done.
set -euo pipefail

BASE_IMAGE="${DCB_BASE_IMAGE:-docker-cache-bench/base:local}"
PLUGIN_DIR="${HOME}/.docker/cli-plugins"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { printf '[setup-docker] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# A process that exists and is not a zombie (a killed dockerd can linger as one until reaped).
running() { [ -r "/proc/$1/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status"; }

apt_updated=""
apt_update_once() {
  [ -n "$apt_updated" ] && return 0
  as_root apt-get update -qq
  apt_updated=1
}

# --- 1. packages -------------------------------------------------------------------------
# Only what is missing: a machine that already has Docker (GitHub's runners: docker-ce) keeps it,
# since docker.io would conflict with it.
pkgs=()
if ! command -v dockerd >/dev/null 2>&1 && [ ! -x /usr/sbin/dockerd ]; then pkgs+=(docker.io); fi
if [ ! -x /bin/busybox ]; then pkgs+=(busybox-static); fi
# ssh-agent, ssh-keygen and ssh-add: the engine tests forward a real agent to `RUN --mount=type=ssh`.
if ! command -v ssh-agent >/dev/null 2>&1; then pkgs+=(openssh-client); fi
if [ ${#pkgs[@]} -gt 0 ]; then
  log "installing ${pkgs[*]}"
  apt_update_once
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
fi

# --- 2. buildx plugin ----------------------------------------------------------------------
# The docker client first on PATH may be a 28.x client without buildx; its BuildKit path needs
# the plugin. Debian bookworm has no docker-buildx; trixie has 0.13.1. We reuse the URIs of
# this machine's own Debian source with suite trixie, in a private apt state dir so the
# system's package lists stay untouched.
if ! docker buildx version >/dev/null 2>&1; then
  log "installing the buildx plugin from Debian trixie's docker-buildx"
  src=/etc/apt/sources.list.d/debian.sources
  uri=""
  if [ -f "$src" ]; then
    uri="$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$src")"
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri="$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)"
  fi
  [ -n "$uri" ] || { log "no Debian source URI found in $src or /etc/apt/sources.list"; exit 1; }
  work="$(mktemp -d)"
  chmod 0755 "$work" # apt's _apt user downloads into it
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial" "$work/archives/partial"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s trixie main\n' "$uri" >"$work/trixie.list"
  aptopts=(-o "Dir::Etc::SourceList=$work/trixie.list" -o "Dir::Etc::SourceParts=-"
    -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::Archives=$work/archives"
    -o "APT::Sandbox::User=root" -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=" -o "APT::Get::List-Cleanup=0")
  as_root apt-get "${aptopts[@]}" update -qq
  (cd "$work" && as_root apt-get "${aptopts[@]}" download docker-buildx >/dev/null)
  deb="$(ls "$work"/docker-buildx_*.deb)"
  dpkg-deb -x "$deb" "$work/x"
  bin="$(find "$work/x" -path '*/cli-plugins/docker-buildx' -type f | head -n 1)"
  [ -n "$bin" ] || { log "docker-buildx binary not found in $deb"; exit 1; }
  mkdir -p "$PLUGIN_DIR"
  install -m 0755 "$bin" "$PLUGIN_DIR/docker-buildx"
  log "installed $("$PLUGIN_DIR/docker-buildx" version)"
fi

# --- 3. dockerd ----------------------------------------------------------------------------
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd (log: /var/log/dockerd.log)"
  # A dockerd that was SIGKILLed leaves its pid files behind, and a new one refuses to start.
  for pidfile in /var/run/docker.pid /var/run/docker/containerd/containerd.pid; do
    if [ -f "$pidfile" ] && ! running "$(cat "$pidfile")"; then as_root rm -f "$pidfile"; fi
  done
  dockerd_bin="$(command -v dockerd || echo /usr/sbin/dockerd)"
  as_root sh -c "nohup setsid $dockerd_bin >/var/log/dockerd.log 2>&1 </dev/null &"
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { log "dockerd did not come up; last log lines:"; tail -n 20 /var/log/dockerd.log >&2; exit 1; }
fi

# --- 4. local base image ---------------------------------------------------------------------
bash "$here/build-base-image.sh"
log "ready: $(docker version --format 'client {{.Client.Version}}, engine {{.Server.Version}}'), buildx $(docker buildx version | awk '{print $2}'), base image $BASE_IMAGE"
