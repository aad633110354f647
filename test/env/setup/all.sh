#!/usr/bin/env bash
# Everything a fresh machine needs for the tests and the demo, from the package registries only; each step is
# idempotent and cached under ~/.cache/exhaust-operator, so a warm run takes seconds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
start=$(date +%s)
bash "$here/apt.sh"
# The Kubernetes build (minutes when cold) runs beside the Cassandra and moto fetches.
bash "$here/k8s.sh" > /tmp/exhaust-k8s-setup.log 2>&1 &
k8s=$!
bash "$here/cassandra.sh"
bash "$here/moto.sh"
bash "$here/gcs.sh"
if ! wait "$k8s"; then cat /tmp/exhaust-k8s-setup.log >&2; echo "setup: the Kubernetes build failed (log above)" >&2; exit 1; fi
echo "setup: ready in $(( $(date +%s) - start )) s"
