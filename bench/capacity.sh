#!/usr/bin/env bash
# Capacity: for an `fpx serve` command, the highest arrival rate at which the open-loop p99 stays
# inside the budget (and fewer than FAIL of requests fail), per (model, budget, policy). Binary
# search over short `fpx load` runs against one host started here on a free loopback port.
# Prints one line per (model, budget, policy):
#   model=M budget_us=B policy=P capacity_rps=R p99_us=X fail_rate=F runs=N
# where p99_us and fail_rate are those of the run at R (0 when even the lowest rate failed).
#
# Usage: bench/capacity.sh [options] -- SERVE_ARGS...
#   SERVE_ARGS  the arguments of `fpx serve` (no --port: one is picked), e.g.
#               --fake --fake-scale 1       or   --model models/trading-small
# Options (environment variables of the same name in upper case also work):
#   --task T            task to load (default demo)
#   --budgets LIST      budgets in us, comma separated (default 2000,10000)
#   --policies LIST     adaptive and/or variant names, comma separated (default adaptive);
#                       a variant name is forced through the decide request's `variant` field
#   --model-name NAME   name printed as model= (default: the --model directory's name, or fake-sS)
#   --low R --high R    search range in requests/s (default 100 .. 20000)
#   --duration D        length of each run (default 3s)
#   --steps N           binary-search steps per line (default 7; each run is bounded by duration + 2 s drain)
#   --fail F            a run passes only with fail rate below F (default 1%)
#   --tokens N          input tokens per request (default 16)
# Bounded: at most (steps + 1) runs per line, each at most duration + warm-up + drain.
set -euo pipefail
cd "$(dirname "$0")/.."

TASK=${TASK:-demo} BUDGETS=${BUDGETS:-2000,10000} POLICIES=${POLICIES:-adaptive} MODEL_NAME=${MODEL_NAME:-}
LOW=${LOW:-100} HIGH=${HIGH:-20000} DURATION=${DURATION:-3s} STEPS=${STEPS:-7} FAIL=${FAIL:-1%} TOKENS=${TOKENS:-16}
while [ $# -gt 0 ]; do
  case "$1" in
    --task) TASK=$2; shift 2 ;;
    --budgets) BUDGETS=$2; shift 2 ;;
    --policies) POLICIES=$2; shift 2 ;;
    --model-name) MODEL_NAME=$2; shift 2 ;;
    --low) LOW=$2; shift 2 ;;
    --high) HIGH=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --steps) STEPS=$2; shift 2 ;;
    --fail) FAIL=$2; shift 2 ;;
    --tokens) TOKENS=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "capacity.sh: unknown option $1 (serve arguments go after --)" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "capacity.sh: give the fpx serve arguments after --, e.g. -- --fake --fake-scale 1" >&2; exit 2; }
SERVE=("$@")
if [ -z "$MODEL_NAME" ]; then
  MODEL_NAME=fake
  for ((i = 0; i < ${#SERVE[@]}; i++)); do
    case "${SERVE[$i]}" in
      --model) MODEL_NAME=$(basename "${SERVE[$((i + 1))]}") ;;
      --fake-scale) [ "$MODEL_NAME" = fake ] && MODEL_NAME="fake-s${SERVE[$((i + 1))]}" ;;
    esac
  done
fi

dotnet build -c Release src/Fpx.Host --nologo -v q >/dev/null
fpx() { dotnet src/Fpx.Host/bin/Release/net10.0/fpx.dll "$@"; }
work=$(mktemp -d)
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill -TERM "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fpx serve "${SERVE[@]}" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
for _ in $(seq 300); do grep -q "listening on" "$work/serve.out" 2>/dev/null && break; kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
grep -q "listening on" "$work/serve.out" || { echo "capacity.sh: fpx serve did not start:" >&2; cat "$work/serve.err" >&2; exit 1; }
host="127.0.0.1:$(grep -o '[0-9]*$' "$work/serve.out")"
echo "# capacity: fpx serve ${SERVE[*]} at $host; task=$TASK duration=$DURATION steps=$STEPS fail<$FAIL; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"

# One run; exit 0 when p99 < budget and fail < FAIL, 1 when a threshold is violated; figures in $work/run.json.
run() { # rate budget policy
  local variant=()
  [ "$3" = adaptive ] || variant=(--variant "$3")
  local code=0
  fpx load --host "$host" --task "$TASK" --rate "$1" --duration "$DURATION" --budget-us "$2" --tokens "$TOKENS" \
    --drain-timeout 2s --warmup 50 --no-progress "${variant[@]}" \
    --threshold "p99<${2}us" --threshold "fail<$FAIL" --json "$work/run.json" >"$work/run.txt" 2>"$work/run.err" || code=$?
  if [ "$code" -gt 1 ]; then echo "capacity.sh: fpx load failed (exit $code):" >&2; cat "$work/run.err" >&2; exit 1; fi
  return "$code"
}
figure() { /usr/bin/python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d.get(sys.argv[2]) if d.get(sys.argv[2]) is not None else 0)' "$work/run.json" "$1"; }

IFS=, read -ra budgets <<<"$BUDGETS"
IFS=, read -ra policies <<<"$POLICIES"
for budget in "${budgets[@]}"; do
  for policy in "${policies[@]}"; do
    lo=0 hi=$HIGH runs=0 best_p99=0 best_fail=0
    # The low end must pass, or the capacity is below the range.
    if run "$LOW" "$budget" "$policy"; then lo=$LOW; best_p99=$(figure p99_us); best_fail=$(figure fail_rate); fi
    runs=$((runs + 1))
    if [ "$lo" -gt 0 ]; then
      for ((step = 0; step < STEPS; step++)); do
        mid=$(((lo + hi) / 2))
        [ "$mid" -le "$lo" ] && break
        runs=$((runs + 1))
        if run "$mid" "$budget" "$policy"; then lo=$mid; best_p99=$(figure p99_us); best_fail=$(figure fail_rate); else hi=$mid; fi
      done
    fi
    echo "model=$MODEL_NAME budget_us=$budget policy=$policy capacity_rps=$lo p99_us=$best_p99 fail_rate=$best_fail runs=$runs"
  done
done
