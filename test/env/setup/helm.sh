#!/usr/bin/env bash
# Builds helm v4 from its module through the Go module proxy (no registry here ships the binary); helm.sh/helm/v4
# has no replaces in its go.mod, so `go install` works. The -X ldflag makes `helm version` say the full version.
# Idempotent: a stamp keyed on version + Go version + this file's hash; flock keeps concurrent runs apart.
set -euo pipefail
HELM_VERSION="${HELM_VERSION:-4.3.1}"
CACHE_ROOT="${EXHAUST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/exhaust-operator}"
BIN="$CACHE_ROOT/helm/$HELM_VERSION/bin"
export GOTOOLCHAIN=local CGO_ENABLED=0

command -v go >/dev/null || { echo "helm.sh: Go is missing; install Go >= 1.24 (this machine kind ships it)" >&2; exit 1; }
mkdir -p "$BIN"
exec 9>"$BIN/../.lock"; flock 9

stamp="$HELM_VERSION $(go env GOVERSION) $(sha256sum "$0" | cut -c1-16)"
if [[ -f "$BIN/.stamp" && "$(cat "$BIN/.stamp")" == "$stamp" ]]; then echo "$BIN"; exit 0; fi

GOBIN="$BIN" go install -trimpath -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=v$HELM_VERSION" \
  "helm.sh/helm/v4/cmd/helm@v$HELM_VERSION"
"$BIN/helm" version --short | grep -q "v$HELM_VERSION" || { echo "helm.sh: built helm does not report v$HELM_VERSION" >&2; exit 1; }
echo "$stamp" > "$BIN/.stamp"
echo "$BIN"
