#!/usr/bin/env bash
# Reproduces the host's figures on loopback, each run bounded (about 40 s in all):
#  1. ping round trip, one connection, one request at a time: `fpx bench ping` against
#     `fpx serve --fake`, alternated with `redis-benchmark -t ping -c 1 -P 1` against a
#     redis-server started here on a free port (same machine, same run, 3 rounds each);
#  2. open-loop decide at RATE/s for DURATION on the fake backend at zero compute (`fpx load`):
#     latency from due time, host overhead (host_us - compute_us) and client-seen overhead.
# Usage: bench/host-figures.sh   (env: N=50000 pings per round, RATE=10000, DURATION=10s)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-50000}
RATE=${RATE:-10000}
DURATION=${DURATION:-10s}
dotnet build -c Release src/Fpx.Host --nologo -v q >/dev/null
fpx() { dotnet src/Fpx.Host/bin/Release/net10.0/fpx.dll "$@"; }
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
redis_pid="" fpx_pid=""
cleanup() {
  [ -n "$fpx_pid" ] && kill -TERM "$fpx_pid" 2>/dev/null && wait "$fpx_pid" 2>/dev/null || true
  [ -n "$redis_pid" ] && kill -TERM "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
fpx serve --fake --fake-scale 0 --port 0 >"$work/serve.out" 2>"$work/serve.err" &
fpx_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
fpx_port=$(grep -o '[0-9]*$' "$work/serve.out")
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

echo "# $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
echo "## ping, one connection, one at a time (us)"
for round in 1 2 3; do
  # PING_MBULK is the RESP array form every client sends; PING_INLINE is the telnet form.
  redis-benchmark -p "$redis_port" -t ping -c 1 -P 1 -n "$N" --csv 2>/dev/null \
    | awk -F'","' -v r="$round" 'NR > 1 { gsub(/"/, "", $1); gsub(/"/, "", $7); printf "redis %s round=%s p50_us=%.1f p99_us=%.1f\n", $1, r, $5 * 1000, $7 * 1000 }'
  echo "fpx round=$round $(fpx bench ping --host "127.0.0.1:$fpx_port" --count "$N" --inline-continuations 2>/dev/null)"
done

echo "## open-loop decide, rate=$RATE/s duration=$DURATION, zero compute"
fpx load --host "127.0.0.1:$fpx_port" --task demo --rate "$RATE" --duration "$DURATION" --budget-us 10000 --json "$work/load.json"
