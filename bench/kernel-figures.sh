#!/usr/bin/env bash
# Reproduces the kernel figures in bench/RESULTS.md: read bandwidth, matrix-vector time per format
# at DRAM (>= 1 GiB of weights), 4096x4096 and cache-sized shapes, on 1 and 2 threads, and, when
# GGML_MULMAT points at a local ggml test-backend-ops wrapper (built beside Fpx, never committed;
# see bench/README.md), ggml's time for the same shapes in the same session.
#
#   bench/kernel-figures.sh [dram|ratio|square|cache|all]      (default all; about 45 minutes)
#
# Run on a quiet machine: the figures are medians, but two cores shared with a build are not quiet.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
dotnet build src/Fpx.Host -c Release --nologo -v q >/dev/null
fpx=src/Fpx.Host/bin/Release/net10.0/fpx
ggml=${GGML_MULMAT:-}

echo "# $(date -u +%FT%TZ) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
for t in 1 2; do "$fpx" bench bandwidth --threads "$t" --gib 4; done

ggml_line() { # type rows cols batch threads
  [ -n "$ggml" ] && [ -x "$ggml" ] && "$ggml" "$@" || true
}

if [ "$what" = dram ] || [ "$what" = all ]; then
  # >= 1 GiB of weights in the format under test; this machine's L3 is 32 MiB.
  for t in 1 2; do
    "$fpx" bench matvec --format f16   --rows 32768  --cols 16384 --threads "$t" --seconds 6
    "$fpx" bench matvec --format bf16  --rows 32768  --cols 16384 --threads "$t" --seconds 6
    "$fpx" bench matvec --format fp8   --rows 65536  --cols 16384 --threads "$t" --seconds 6
    "$fpx" bench matvec --format mxfp8 --rows 65536  --cols 16384 --threads "$t" --seconds 6
    "$fpx" bench matvec --format mxfp4 --rows 131072 --cols 16384 --threads "$t" --seconds 6
    "$fpx" bench matvec --format nvfp4 --rows 131072 --cols 16384 --threads "$t" --seconds 6
    ggml_line f16 32768 16384 1 "$t"
    ggml_line q8_0 65536 16384 1 "$t"
    ggml_line mxfp4 131072 16384 1 "$t"
    REPACK=1 ggml_line mxfp4 131072 16384 1 "$t"
  done
fi

if [ "$what" = ratio ] || [ "$what" = all ]; then
  # One shape for every format (1 GiB in F16, 268 MiB in FP4: all far beyond the 32 MiB L3), so
  # time ratios compare like with like.
  for t in 1 2; do
    for f in f16 fp8 mxfp8 mxfp4 nvfp4; do
      "$fpx" bench matvec --format "$f" --rows 32768 --cols 16384 --threads "$t" --seconds 6
    done
  done
fi

if [ "$what" = square ] || [ "$what" = all ]; then
  for t in 1 2; do
    for f in f32 f16 bf16 fp8 mxfp8 mxfp4 nvfp4; do
      "$fpx" bench matvec --format "$f" --rows 4096 --cols 4096 --threads "$t" --gib 1
    done
    for g in f16 q8_0 mxfp4; do ggml_line "$g" 4096 4096 1 "$t"; done
    REPACK=1 ggml_line mxfp4 4096 4096 1 "$t"
  done
fi

if [ "$what" = cache ] || [ "$what" = all ]; then
  # The sizes of the bundled decision models: L2 (512 KiB per core) and L3.
  for shape in "256 256" "512 512" "1024 1024" "1536 512" "2048 2048"; do
    set -- $shape
    for t in 1 2; do
      for f in f16 fp8 mxfp4 nvfp4; do
        "$fpx" bench matvec --format "$f" --rows "$1" --cols "$2" --threads "$t" --gib 1
      done
      for g in f16 q8_0 mxfp4; do ggml_line "$g" "$1" "$2" 1 "$t"; done
      REPACK=1 ggml_line mxfp4 "$1" "$2" 1 "$t"
    done
  done
fi
