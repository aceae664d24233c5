#!/usr/bin/env bash
# `make bench`: run every benchmark in bench/ with its defaults, against real PostgreSQL and Redis
# (private ones if none run here). Each benchmark works in its own database and Redis namespace.
#
#   scripts/bench.sh                 every bench/*.py, defaults
#   scripts/bench.sh fanout [ARGS]   only bench/fanout.py, with ARGS (see --help)
#
#   fanout        live events to 1,000 websocket subscribers over two API processes
#   intake        orders/s through orderCreate over HTTP, two API processes, no oversell
#   orders_query  a page of 50 orders with lines on a million orders (the data set is built once, ~2 min)
#   picking       scans/s through picklistScan, 20 pickers on one warehouse; picklistCreate over 5,000 orders
#   reserve       reservations/s on one hot SKU from two processes
#
# Exits non-zero when a benchmark failed; the others still run. fanout and reserve also fail on a missed
# target; intake, orders_query and picking print their verdict on it and fail only on wrong results (errors,
# an inconsistent database), unless given --enforce-target.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_venv
ensure_services

benches=()
args=()
if [ $# -gt 0 ] && [ -f "bench/$1.py" ]; then
  benches=("bench/$1.py")
  shift
  args=("$@")
else
  for file in bench/*.py; do
    [ -f "$file" ] && benches+=("$file")
  done
fi

if [ ${#benches[@]} -eq 0 ]; then
  warn "No benchmarks in bench/"
  exit 0
fi

failed=()
for bench in "${benches[@]}"; do
  log "Benchmark $bench ${args[*]:-}"
  if ! "$VENV/bin/python" "$bench" "${args[@]}"; then
    failed+=("$bench")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  warn "Missed the target or failed: ${failed[*]}"
  exit 1
fi
log "Every benchmark finished; each printed its verdict on its target above"
