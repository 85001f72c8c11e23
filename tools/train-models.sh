#!/usr/bin/env bash
# Retrains every bundled decision model (models/*): builds fpx, exports both scenarios'
# behaviour-cloning datasets, trains two sizes per scenario. Deterministic for the seeds below.
# Single-threaded, with a fixed number of steps so a rerun reproduces the same weights; --max-minutes
# is only a safety net on a loaded machine (the trainer's README then says where it stopped).
#   tools/train-models.sh [small|base|all]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
data=artifacts/datasets
market=${FPX_MARKET_DATA:-../shared/data/market}
[ -d "$market" ] || market=/work/shared/data/market
fpx=src/Fpx.Host/bin/Release/net10.0/fpx

dotnet build src/Fpx.Host -c Release --nologo -v quiet
# Trading: train on AAPL, hold out NVDA (another instrument: a day the model never saw).
"$fpx" export-data trading --data "$market/ohlc_AAPL_2025-04-04.json" --heldout "$market/ohlc_NVDA_2025-04-04.json" \
  --out "$data/trading" --passes 2 --exploration 0.2 --seed 1
# Gaming: the scripted expert against itself and varied opponents; held-out matches use other seeds.
"$fpx" export-data gaming --out "$data/gaming" --matches 400 --heldout-matches 80 --seed 1

train() {  # scenario size steps
  local out=models/$1-$2
  local cmd="/usr/bin/python3 tools/train_decision_model.py $data/$1 $out --size $2 --steps $3 --seed 1 --threads 1 --max-minutes 12"
  $cmd --command "tools/train-models.sh (exports the dataset), then: $cmd"
}
if [ "$which" = all ] || [ "$which" = small ]; then
  train trading small 700
  train gaming small 700
fi
if [ "$which" = all ] || [ "$which" = base ]; then
  train trading base 400
  train gaming base 400
fi
