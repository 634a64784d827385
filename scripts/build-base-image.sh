#!/usr/bin/env bash
# Builds the local base image (busybox-static + the stand-ins in scripts/base-image/) on the daemon the
# docker client points at (DOCKER_HOST), because no registry can be pulled from. Rebuilt only when
# scripts/base-image/ changes (its hash is a label), so stand-in fixes reach machines that already have
# an older image. Used by scripts/setup-docker.sh and scripts/setup-modern-docker.sh.
set -euo pipefail

BASE_IMAGE="${DCB_BASE_IMAGE:-docker-cache-bench/base:local}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

base_hash="$(cd "$here/base-image" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
have_hash="$(docker image inspect --format '{{ index .Config.Labels "docker-cache-bench.base-hash" }}' "$BASE_IMAGE" 2>/dev/null || true)"
if [ "$have_hash" != "$base_hash" ]; then
  printf '[build-base-image] building %s from busybox-static\n' "$BASE_IMAGE" >&2
  ctx="$(mktemp -d)"
  trap 'rm -rf "$ctx"' EXIT
  cp /bin/busybox "$ctx/busybox"
  cp -r "$here/base-image/." "$ctx/"
  DOCKER_BUILDKIT=1 docker build -q --label "docker-cache-bench.base-hash=$base_hash" -t "$BASE_IMAGE" "$ctx" >/dev/null
fi
