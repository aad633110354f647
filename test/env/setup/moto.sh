#!/usr/bin/env bash
# Creates the moto S3 server's Python venv in the cache (test-environment.md §11). The lighter set
# moto[s3] + flask + flask-cors serves S3 fully (§0) at less than half the size of the [server] extra.
# Idempotent: a stamp keyed on version + this file's hash; flock keeps concurrent runs apart.
set -euo pipefail
MOTO_VERSION=5.2.5
CACHE_ROOT="${EXHAUST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/exhaust-operator}"
VENV="$CACHE_ROOT/moto/$MOTO_VERSION"

command -v python3 >/dev/null || { echo "moto.sh: python3 is missing; install it with: apt-get install -y python3-venv (or bash test/env/setup/apt.sh)" >&2; exit 1; }
python3 -c 'import ensurepip, venv' 2>/dev/null || { echo "moto.sh: python3 venv support is missing; install it with: apt-get install -y python3-venv (or bash test/env/setup/apt.sh)" >&2; exit 1; }

mkdir -p "$(dirname "$VENV")"
exec 9>"$VENV.lock"; flock 9

stamp="$MOTO_VERSION $(python3 -c 'import sys; print(sys.version.split()[0])') $(sha256sum "$0" | cut -c1-16)"
if [[ -f "$VENV/.stamp" && "$(cat "$VENV/.stamp")" == "$stamp" ]]; then echo "$VENV"; exit 0; fi

rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check "moto[s3]==$MOTO_VERSION" flask flask-cors
[[ -x "$VENV/bin/moto_server" ]] || { echo "moto.sh: moto_server missing after install" >&2; exit 1; }
echo "$stamp" > "$VENV/.stamp"
echo "$VENV"
