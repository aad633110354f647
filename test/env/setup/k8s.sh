#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager and kubectl from k8s.io/kubernetes through the Go module
# proxy (no registry ships these binaries). A wrapper module replaces every staging module with its published
# version, derived from the go.mod the proxy serves, so the recipe survives version bumps.
# Idempotent: a stamp keyed on version + Go version + this file's hash skips the build when nothing changed.
set -euo pipefail
K8S_VERSION="${K8S_VERSION:-1.34.4}"
CACHE_ROOT="${EXHAUST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/exhaust-operator}"
ROOT="$CACHE_ROOT/k8s/$K8S_VERSION"
SRC="$ROOT/src" BIN="$ROOT/bin"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod

command -v go >/dev/null || { echo "k8s.sh: Go is missing; install Go >= 1.24 (this machine kind ships it)" >&2; exit 1; }
mkdir -p "$ROOT"
exec 9>"$ROOT/.lock"; flock 9

stamp="$K8S_VERSION $(go env GOVERSION) $(sha256sum "$0" | cut -c1-16)"
if [[ -f "$BIN/.stamp" && "$(cat "$BIN/.stamp")" == "$stamp" ]]; then echo "$BIN"; exit 0; fi

rm -rf "$SRC" && mkdir -p "$SRC/cmd"/{kube-apiserver,kube-controller-manager,etcd,kubectl} "$BIN"
cd "$SRC"
go mod init exhaust.local/k8sbins >/dev/null 2>&1
gomod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
[[ -f "$gomod" ]] || { echo "k8s.sh: could not download k8s.io/kubernetes@v$K8S_VERSION" >&2; exit 1; }
go_line=$(awk '$1=="go"{print $2; exit}' "$gomod")
godebug=$(awk '$1=="godebug"{print $2; exit}' "$gomod")
go mod edit -go="$go_line"
[[ -n "$godebug" ]] && go mod edit -godebug="$godebug"
minor_patch="${K8S_VERSION#*.}"
replaces=$(sed -n 's#^\s*\(k8s.io/[a-z0-9-]*\) => ./staging/src/k8s.io/.*#\1#p' "$gomod")
[[ -n "$replaces" ]] || { echo "k8s.sh: no staging replaces found in $gomod" >&2; exit 1; }
for m in $replaces; do go mod edit -replace="$m=$m@v0.$minor_patch"; done
go mod edit -require="k8s.io/kubernetes@v$K8S_VERSION"

cat > cmd/kube-apiserver/main.go <<'GO'
package main

import (
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	_ "time/tzdata"
)

func main() { os.Exit(cli.Run(app.NewAPIServerCommand())) }
GO
cat > cmd/kube-controller-manager/main.go <<'GO'
package main

import (
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-controller-manager/app"
	_ "time/tzdata"
)

func main() { os.Exit(cli.Run(app.NewControllerManagerCommand())) }
GO
cat > cmd/etcd/main.go <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
cat > cmd/kubectl/main.go <<'GO'
package main

import (
	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
)

func main() { cli.RunNoErrOutput(cmd.NewDefaultKubectlCommand()) }
GO
go mod tidy >/dev/null
minor="${minor_patch%%.*}"
ld="-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1"
ld="$ld -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
ld="$ld -X k8s.io/client-go/pkg/version.gitVersion=v$K8S_VERSION"
go build -trimpath -ldflags "$ld" -o "$BIN/" ./cmd/...
echo "$stamp" > "$BIN/.stamp"
echo "$BIN"
