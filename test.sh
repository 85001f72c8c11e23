#!/usr/bin/env bash
# The README's test command: build the solution once, then run every test project of Fpx.sln
# (benchmarks are not test projects) one after another. One at a time because the live-host and
# load tests measure latency: on two cores, test assemblies running side by side starve each
# other's hosts. Every project runs even when an earlier one fails; the exit code is 1 if any did.
# Extra arguments go to each `dotnet test` (e.g. --filter 'FullyQualifiedName~Kernels').
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Fpx.sln -c Release --nologo -v q
failed=()
for project in $(grep -o 'tests\\[^"]*\.Tests\.csproj' Fpx.sln | tr '\\' '/'); do
  echo "== $project"
  dotnet test "$project" -c Release --no-build --nologo "$@" || failed+=("$project")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "all test projects passed"
