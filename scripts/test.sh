#!/usr/bin/env bash
# `make test`: every test of the product, against real PostgreSQL and Redis (private ones if none run here).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_venv
ensure_services

log "Backend tests (pytest)"
"$VENV/bin/python" -m pytest "$@"

if [ -x "$ROOT/scripts/test-frontend.sh" ]; then
  log "Dashboard tests"
  "$ROOT/scripts/test-frontend.sh"
fi
