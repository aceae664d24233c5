#!/usr/bin/env bash
# `make run`: the whole product on this machine — API, worker, dashboard, demo data and logins.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_venv
ensure_services

if [ -f "$ROOT/frontend/package.json" ]; then
  stamp="$RUN_DIR/spa.sha"
  mkdir -p "$RUN_DIR"
  want="$(cd frontend && find src public index.html graphiql.html package.json package-lock.json vite.config.* tsconfig*.json -type f 2>/dev/null | sort | xargs cat | sha256sum | cut -d' ' -f1)"
  if [ ! -f frontend/dist/index.html ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "Building the dashboard (frontend/)"
    (cd frontend && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent build)
    echo "$want" > "$stamp"
  fi
fi

"$VENV/bin/packline" migrate >/dev/null
log "Database migrated"
logins="$("$VENV/bin/packline" seed-demo)"

PORT="${PORT:-8000}"
pids=()
cleanup() {
  trap - INT TERM EXIT
  log "Stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

"$VENV/bin/packline" worker & pids+=($!)
"$VENV/bin/packline" serve --host 127.0.0.1 --port "$PORT" & pids+=($!)
# The product itself: when one of these exits, everything stops.
essential=("${pids[@]}")
feed_note="  Demo feed:            an order every 2-4 s for the demo merchants, picked, packed, shipped and delivered by a simulated floor (DEMO_FEED=0 make run: none)"
if [ "${DEMO_FEED:-1}" != "0" ]; then
  # Not essential: a feed that stops (say, its API key was revoked) leaves the product running.
  "$VENV/bin/packline" demo-feed & pids+=($!)
else
  feed_note="  Demo feed:            off (DEMO_FEED=0)"
fi

for _ in $(seq 100); do reachable 127.0.0.1 "$PORT" && break; sleep 0.2; done
cat <<MSG

  Packline is running:  http://127.0.0.1:$PORT/
  GraphQL API:          http://127.0.0.1:$PORT/graphql   (GraphiQL in the browser)
  Health and metrics:   http://127.0.0.1:$PORT/health/ready  http://127.0.0.1:$PORT/metrics
$feed_note

$logins

  Ctrl-C stops everything.
MSG
wait -n "${essential[@]}"
