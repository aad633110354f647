#!/usr/bin/env bash
# Builds helm v4 from its module through the Go module proxy (no registry here ships the binary); helm.sh/helm/v4
# has no replaces in its go.mod, so `go install` works. The -X ldflag makes `helm version` say the full version.
set -euo pipefail
HELM_VERSION="${HELM_VERSION:-4.3.1}"
exec bash "$(dirname "$0")/go-install.sh" helm "$HELM_VERSION" "helm.sh/helm/v4/cmd/helm@v$HELM_VERSION" \
  "\"\$1/helm\" version --short | grep -q v$HELM_VERSION" \
  -trimpath -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=v$HELM_VERSION"
