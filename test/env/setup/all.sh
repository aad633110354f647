#!/usr/bin/env bash
# Everything a fresh machine needs for the tests and the demo, from the package registries only; each step is
# idempotent and cached under ~/.cache/exhaust-operator, so a warm run takes seconds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
start=$(date +%s)
bash "$here/apt.sh"
# `--stores` (npm run env:up -- --stores): only what Cassandra, Redis and moto need; no Kubernetes, helm or image.
if [[ "${1:-}" == "--stores" ]]; then
  bash "$here/cassandra.sh"
  bash "$here/moto.sh"
  echo "setup: stores ready in $(( $(date +%s) - start )) s"
  exit 0
fi
# The slow builds (minutes when cold: Kubernetes, helm, fake-gcs-server, the image with its stand-in base) run beside
# the Cassandra and moto fetches.
background=(k8s helm gcs image)
declare -A pids
for step in "${background[@]}"; do
  bash "$here/$step.sh" > "/tmp/exhaust-$step-setup.log" 2>&1 &
  pids[$step]=$!
done
bash "$here/cassandra.sh"
bash "$here/moto.sh"
for step in "${background[@]}"; do
  if ! wait "${pids[$step]}"; then cat "/tmp/exhaust-$step-setup.log" >&2; echo "setup: $step.sh failed (log above)" >&2; exit 1; fi
done
echo "setup: ready in $(( $(date +%s) - start )) s"
