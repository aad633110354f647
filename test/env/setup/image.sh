#!/usr/bin/env bash
# Builds the project's image from its unchanged Dockerfile with buildah (test-environment.md §0), tagged
# exhaust-operator:dev. No registry here serves base images, so the Dockerfile's base (its FROM) is assembled once
# as a stand-in: a minimal Debian bookworm rootfs from mmdebstrap, the Node 24 binary of the `node` npm package
# and npm from the npm registry, tagged with the base's own name so `--pull=never` finds it.
# Idempotent: the stand-in carries a stamp label (this file's hash + Node version), the image a label with the hash
# of everything the Dockerfile copies; a warm run only compares labels. flock keeps concurrent runs apart.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
CACHE_ROOT="${EXHAUST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/exhaust-operator}"
IMAGE="${EXHAUST_IMAGE:-exhaust-operator:dev}"
NPM_VERSION=11.19.1
export BUILDAH_ISOLATION=chroot

bash "$here/apt.sh" buildah mmdebstrap
base=$(sed -n 's/^FROM \([^ ]*\).*/\1/p' "$repo/Dockerfile" | head -n1)
[[ -n "$base" ]] || { echo "image.sh: no FROM line in the Dockerfile" >&2; exit 1; }
# `node:24-bookworm-slim` is stored as docker.io/library/node:24-bookworm-slim, the name --pull=never looks up.
[[ "$base" == */* ]] || base="docker.io/library/$base"
node_bin="$repo/node_modules/node/bin/node"
[[ -x "$node_bin" ]] || { echo "image.sh: $node_bin is missing; run npm ci first" >&2; exit 1; }
node_version=$("$node_bin" --version)

mkdir -p "$CACHE_ROOT/image"
exec 9>"$CACHE_ROOT/image/.lock"; flock 9

label() { buildah inspect --type image --format "{{index .OCIv1.Config.Labels \"$2\"}}" "$1" 2>/dev/null || true; }

stamp="$node_version npm-$NPM_VERSION $(sha256sum "$0" | cut -c1-16)"
if [[ "$(label "$base" exhaust.stand-in)" != "$stamp" ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm "$work/base.tar"
  root="$work/overlay"
  mkdir -p "$root/usr/local/bin" "$root/usr/local/lib/node_modules/npm" "$root/etc/ssl/certs"
  cp "$node_bin" "$root/usr/local/bin/node"
  (cd "$work" && npm pack --silent "npm@$NPM_VERSION" >/dev/null)
  tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  # The machine reaches the npm registry through its own CA bundle; `npm ci` inside the build needs it too.
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  ctr=$(buildah from scratch)
  buildah add --quiet "$ctr" "$work/base.tar" /
  buildah copy --quiet "$ctr" "$root" /
  # node:24-bookworm-slim has a `node` user with uid 1000, the uid the Dockerfile runs as.
  buildah run --isolation chroot "$ctr" -- sh -c 'echo "node:x:1000:1000::/home/node:/bin/sh" >> /etc/passwd && echo "node:x:1000:" >> /etc/group && mkdir -p /home/node && chown 1000:1000 /home/node'
  buildah config --env NODE_VERSION="${node_version#v}" --env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd node --label "exhaust.stand-in=$stamp" "$ctr"
  buildah commit --quiet --rm "$ctr" "$base" >/dev/null
  echo "image.sh: built the stand-in $base" >&2
fi

# Everything the Dockerfile copies; an unchanged tree keeps the image as it is.
sources=$(cd "$repo" && find Dockerfile package.json package-lock.json crds operator runner -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
if [[ "$(label "$IMAGE" exhaust.sources)" != "$sources $stamp" ]]; then
  buildah bud --quiet --isolation chroot --network host --pull=never --layers --label "exhaust.sources=$sources $stamp" -t "$IMAGE" "$repo" >/dev/null
fi
echo "$IMAGE"
