#!/usr/bin/env bash
# Builds fsouza/fake-gcs-server (the GCS emulator of the test stack) from the Go module proxy with `go install`
# into the cache, as k8s.sh builds Kubernetes. Idempotent: a stamp keyed on version + Go version + this file's
# hash; flock keeps concurrent runs apart.
set -euo pipefail
FAKE_GCS_VERSION="${FAKE_GCS_VERSION:-1.56.1}"
CACHE_ROOT="${EXHAUST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/exhaust-operator}"
ROOT="$CACHE_ROOT/fake-gcs-server/$FAKE_GCS_VERSION"
BIN="$ROOT/bin"
export GOTOOLCHAIN=local CGO_ENABLED=0

command -v go >/dev/null || { echo "gcs.sh: Go is missing; install Go >= 1.24 (this machine kind ships it)" >&2; exit 1; }
mkdir -p "$ROOT"
exec 9>"$ROOT/.lock"; flock 9

stamp="$FAKE_GCS_VERSION $(go env GOVERSION) $(sha256sum "$0" | cut -c1-16)"
if [[ -f "$BIN/.stamp" && "$(cat "$BIN/.stamp")" == "$stamp" ]]; then echo "$BIN"; exit 0; fi

rm -rf "$BIN" && mkdir -p "$BIN"
GOBIN="$BIN" go install "github.com/fsouza/fake-gcs-server@v$FAKE_GCS_VERSION"
[[ -x "$BIN/fake-gcs-server" ]] || { echo "gcs.sh: fake-gcs-server missing after go install" >&2; exit 1; }
echo "$stamp" > "$BIN/.stamp"
echo "$BIN"
