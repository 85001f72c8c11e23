#!/usr/bin/env bash
# Installs the independent implementations that interop and reference tests check Fpx against.
# Idempotent; needs root for apt-get (CI runs as root). Tests that need a missing peer say so loudly.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
/usr/bin/python3 -c 'import torch' 2>/dev/null || need+=(python3-torch)
/usr/bin/python3 -c 'import numpy' 2>/dev/null || need+=(python3-numpy)
/usr/bin/python3 -c 'import msgpack' 2>/dev/null || need+=(python3-msgpack)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "install-test-peers: missing ${need[*]} and not root; tests that need them will fail loudly" >&2
  fi
fi

# Node peer for Fpx.Protocol interop tests: @msgpack/msgpack at the version package-lock.json pins.
node_peer=tests/interop/node
if command -v npm >/dev/null 2>&1; then
  wanted=$(node -p "require('./$node_peer/package-lock.json').packages['node_modules/@msgpack/msgpack'].version")
  have=$(node -p "try { require('./$node_peer/node_modules/@msgpack/msgpack/package.json').version } catch { '' }")
  if [ "$have" != "$wanted" ]; then
    npm ci --prefix "$node_peer" --no-audit --no-fund --loglevel=error
  fi
else
  echo "install-test-peers: npm missing; the Node interop tests will fail loudly" >&2
fi
