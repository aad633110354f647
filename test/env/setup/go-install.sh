#!/usr/bin/env bash
# Builds one Go command from the Go module proxy with `go install` into the cache, for tools no registry here ships
# as a binary (helm.sh, gcs.sh): go-install.sh <name> <version> <package@version> <check> [go install flags...].
# <check> is a shell command run with the bin directory as $1; the build counts only if it succeeds. Prints the bin
# directory. Idempotent: a stamp keyed on Go version + this file + every argument; flock keeps concurrent runs apart.
set -euo pipefail
name=$1 version=$2 package=$3 check=$4
shift 4
CACHE_ROOT="${EXHAUST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/exhaust-operator}"
ROOT="$CACHE_ROOT/$name/$version"
BIN="$ROOT/bin"
export GOTOOLCHAIN=local CGO_ENABLED=0

command -v go >/dev/null || { echo "go-install.sh ($name): Go is missing; install Go >= 1.24 (this machine kind ships it)" >&2; exit 1; }
mkdir -p "$ROOT"
exec 9>"$ROOT/.lock"; flock 9

stamp="$version $(go env GOVERSION) $( { cat "$0"; printf '%s\n' "$package" "$check" "$@"; } | sha256sum | cut -c1-16)"
if [[ -f "$BIN/.stamp" && "$(cat "$BIN/.stamp")" == "$stamp" ]]; then echo "$BIN"; exit 0; fi

rm -rf "$BIN" && mkdir -p "$BIN"
GOBIN="$BIN" go install "$@" "$package"
bash -c "$check" _ "$BIN" || { echo "go-install.sh: $name $version failed its check after go install" >&2; exit 1; }
echo "$stamp" > "$BIN/.stamp"
echo "$BIN"
