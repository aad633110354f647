#!/usr/bin/env bash
# Builds fsouza/fake-gcs-server (the GCS emulator of the test stack) from the Go module proxy into the cache.
set -euo pipefail
FAKE_GCS_VERSION="${FAKE_GCS_VERSION:-1.56.1}"
exec bash "$(dirname "$0")/go-install.sh" fake-gcs-server "$FAKE_GCS_VERSION" "github.com/fsouza/fake-gcs-server@v$FAKE_GCS_VERSION" \
  '[[ -x "$1/fake-gcs-server" ]]'
