#!/usr/bin/env bash
# Installs the independent implementations that interop and reference tests check Fpx against.
# Idempotent; needs root for apt-get (CI runs as root). Tests that need a missing peer say so loudly.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
/usr/bin/python3 -c 'import torch' 2>/dev/null || need+=(python3-torch)
/usr/bin/python3 -c 'import numpy' 2>/dev/null || need+=(python3-numpy)
/usr/bin/python3 -c 'import msgpack' 2>/dev/null || need+=(python3-msgpack)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "install-test-peers: missing ${need[*]} and not root; tests that need them will fail loudly" >&2
  fi
fi
