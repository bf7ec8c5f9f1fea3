#!/usr/bin/env bash
# Kernel benchmarks: cold start to the first magic result, and a magic's overhead over the Java call.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
"$ROOT/hepml" setup >&2
exec "$ROOT/.venv/bin/python" "$ROOT/bench/kernel/kernel_bench.py" "$@"
