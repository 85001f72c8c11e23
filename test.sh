#!/usr/bin/env bash
# The README's test command: build and run every test project (benchmarks are not included).
set -euo pipefail
cd "$(dirname "$0")"
dotnet test Fpx.sln -c Release --nologo "$@"
