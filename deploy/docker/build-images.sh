#!/usr/bin/env bash
# `make images`: build the three images (rcm-service, rcm-kafka, rcm-store) on this machine.
#
# The Dockerfiles take their base images as build ARGs that default to the official images real users pull
# (python:3.11-slim, eclipse-temurin:17-jre, debian:bookworm-slim). RCM_IMAGE_BASES=official builds on them;
# RCM_IMAGE_BASES=local first makes stand-ins from a debootstrap of Debian bookworm (root and debootstrap needed):
# local/debian:bookworm, local/python:3.11-slim, local/temurin:17-jre. The default, auto, uses the official
# images when they are present or can be pulled, and the stand-ins when no registry answers (these machines). The
# machine's local CA (its package registries' TLS is re-signed) is copied into the stand-ins here and nowhere else.
#
# The Kafka jars and the FerretDB binary come from the project's own installers (the cache `rcm stack up` fills),
# staged into the build context: the images hold exactly what the local stack runs.
set -euo pipefail
cd "$(dirname "$0")/../.."

DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=docker
export DOCKER_BUILDKIT=1
BASES="${RCM_IMAGE_BASES:-auto}"
OFFICIAL_BASES=(python:3.11-slim eclipse-temurin:17-jre debian:bookworm-slim)
TAG="${RCM_IMAGE_TAG:-dev}"
MIRROR="${RCM_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
NO_CACHE=()
[ "${RCM_IMAGES_NO_CACHE:-}" = "1" ] && NO_CACHE=(--no-cache)

have_image() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }
say() { echo "images: $*" >&2; }

debian_base() {
  have_image local/debian:bookworm && return 0
  say "debootstrap of Debian bookworm (once; about 40 s)"
  local root
  root=$(mktemp -d)
  debootstrap --variant=minbase --include=ca-certificates bookworm "$root" "$MIRROR" >/dev/null
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
  chroot "$root" update-ca-certificates >/dev/null 2>&1 || true
  # As the official images do: no apt caches or docs kept in any layer.
  cat > "$root/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
APT
  echo 'Acquire::Languages "none";' > "$root/etc/apt/apt.conf.d/docker-no-languages"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*
  tar -C "$root" -c . | "$DOCKER" import - local/debian:bookworm >/dev/null
  rm -rf "$root"
}

stand_in() {  # stand_in TAG PACKAGES... : local/debian plus Debian packages, the same paths as the official image
  local tag=$1; shift
  have_image "$tag" && return 0
  say "stand-in $tag from local/debian:bookworm"
  "$DOCKER" build -q -t "$tag" - >/dev/null <<DOCKERFILE
FROM local/debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends $* && rm -rf /var/lib/apt/lists/* \
 && if [ -x /usr/bin/python3 ]; then ln -s /usr/bin/python3 /usr/local/bin/python; fi
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
DOCKERFILE
}

official_bases_available() {
  local image
  for image in "${OFFICIAL_BASES[@]}"; do
    have_image "$image" || "$DOCKER" pull -q "$image" >/dev/null 2>&1 || return 1
  done
}

if [ "$BASES" = "auto" ]; then
  if official_bases_available; then BASES=official; else BASES=local; fi
  say "base images: $BASES"
fi

build_args=()
if [ "$BASES" = "local" ]; then
  debian_base
  stand_in local/python:3.11-slim python3 python3-venv
  stand_in local/temurin:17-jre openjdk-17-jre-headless
  build_args=(
    --build-arg PYTHON_IMAGE=local/python:3.11-slim
    --build-arg JRE_IMAGE=local/temurin:17-jre
    --build-arg DEBIAN_IMAGE=local/debian:bookworm
  )
fi

[ "${1:-}" = "bases" ] && exit 0

# The jars and the FerretDB binary, from the caches `rcm stack` fills (it fetches or builds them when missing).
artifacts=$(mktemp -d)
trap 'rm -rf "$artifacts"' EXIT
.venv/bin/python -m rcm_platform.localstack.artifacts "$artifacts"

say "rcm-service:$TAG"
"$DOCKER" build "${NO_CACHE[@]}" -q "${build_args[@]}" -t "rcm-service:$TAG" -f deploy/docker/service.Dockerfile . >/dev/null
say "rcm-kafka:$TAG"
"$DOCKER" build "${NO_CACHE[@]}" -q "${build_args[@]}" -t "rcm-kafka:$TAG" -f deploy/docker/kafka.Dockerfile "$artifacts" >/dev/null
say "rcm-store:$TAG"
"$DOCKER" build "${NO_CACHE[@]}" -q "${build_args[@]}" -t "rcm-store:$TAG" -f deploy/docker/store.Dockerfile "$artifacts" >/dev/null
"$DOCKER" image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "^rcm-(service|kafka|store):$TAG " >&2
