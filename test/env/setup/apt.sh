#!/usr/bin/env bash
# Ensures the Debian packages the test stack needs (test-environment.md §3). A fast no-op when all are present;
# otherwise one `apt-get update` and one install of exactly the missing ones.
set -euo pipefail
packages=(redis-server unzip p7zip-full python3-venv openssl maven openjdk-17-jdk-headless postgresql)
# A setup step may name more packages of its own (image.sh: buildah mmdebstrap).
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  # `dpkg -s` also succeeds for a removed package whose config files remain; only "install ok installed" counts.
  [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "apt.sh: installing ${missing[*]}" >&2
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
