#!/usr/bin/env bash
# Build the base images Faultline's Dockerfile needs without any container registry, each only
# when it is missing (idempotent):
#   local/debian:bookworm          debootstrap --variant=minbase (~35 s)
#   local/node:20-bookworm         + this machine's Node 20 and npm    (BASE_IMAGE)
#   local/node-build:20-bookworm   + python3, make, g++, Node headers  (BUILD_IMAGE)
# Needs: a running Docker engine, debootstrap, and a Node 20 at /usr/bin/node (glibc, e.g. Debian
# or NodeSource packages) with npm under /usr/lib/node_modules/npm and headers in /usr/include/node.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

have() { docker image inspect "$1" >/dev/null 2>&1; }

if ! have local/debian:bookworm; then
  root="$(mktemp -d)"
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase bookworm "$root" "$DEBIAN_MIRROR" >/dev/null
  tar -C "$root" -c . | docker import - local/debian:bookworm >/dev/null
  rm -rf "$root"
  trap - EXIT
  echo "built local/debian:bookworm"
fi

node_bin="$(readlink -f "$(command -v node)")"
case "$("$node_bin" --version)" in v20.*) ;; *) echo "build-base-images: need Node 20 at $node_bin, found $("$node_bin" --version)" >&2; exit 1 ;; esac
npm_dir="$(dirname "$node_bin")/../lib/node_modules/npm"
headers="$(dirname "$node_bin")/../include/node"

build_target() { # target tag
  local ctx
  ctx="$(mktemp -d)"
  cp "$here/base/Dockerfile" "$ctx/Dockerfile"
  cp "$node_bin" "$ctx/node"
  cp -r "$npm_dir" "$ctx/npm"
  cp /etc/ssl/certs/ca-certificates.crt "$ctx/ca-certificates.crt"
  if [ "$1" = build ]; then cp -r "$headers" "$ctx/include-node"; else mkdir "$ctx/include-node"; fi
  docker build --force-rm --network host --target "$1" -t "$2" "$ctx" >/dev/null
  rm -rf "$ctx"
  echo "built $2"
}
have local/node:20-bookworm || build_target runtime local/node:20-bookworm
have local/node-build:20-bookworm || build_target build local/node-build:20-bookworm

# local/prometheus:bookworm: Debian's Prometheus (the one promtool and the harness use) for the
# container tests; official prom/prometheus needs a registry. Debian's binary links only libc.
if ! have local/prometheus:bookworm; then
  prometheus_bin="$(command -v prometheus || true)"
  if [ -z "$prometheus_bin" ]; then echo "build-base-images: prometheus is not installed (apt-get install prometheus); skipping local/prometheus:bookworm" >&2; exit 0; fi
  ctx="$(mktemp -d)"
  cp "$prometheus_bin" "$ctx/prometheus"
  printf '%s\n' 'FROM local/debian:bookworm' 'COPY prometheus /usr/bin/prometheus' \
    'USER nobody' 'ENTRYPOINT ["/usr/bin/prometheus"]' >"$ctx/Dockerfile"
  docker build --force-rm -t local/prometheus:bookworm "$ctx" >/dev/null
  rm -rf "$ctx"
  echo "built local/prometheus:bookworm"
fi
