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

# DHL Parcel DE: a local peer speaking its API (labels, tracking) unless DHL_BASE_URL names a real one.
dhl_note="  DHL:                  ${DHL_BASE_URL:-}"
if [ -z "${DHL_BASE_URL:-}" ]; then
  DHL_PEER_PORT="${DHL_PEER_PORT:-8091}"
  export DHL_BASE_URL="http://127.0.0.1:$DHL_PEER_PORT" DHL_API_KEY="packline-demo-dhl-key" DHL_USER="user-valid" \
    DHL_PASSWORD="SandboxPasswort2023!"
  "$VENV/bin/python" -m backend.demo.dhl_peer --port "$DHL_PEER_PORT" --progress-seconds 60 &
  dhl_pid=$!
  dhl_note="  DHL (local peer):     $DHL_BASE_URL  (a label's parcel is in transit after 1 min, delivered after 2)"
fi

# E-mail: npm's maildev catches the notifications and shows them in the browser, unless SMTP_HOST names a real server.
MAILDEV_VERSION="3.0.0"
mail_note="  Mail (SMTP):          ${SMTP_HOST:-}:${SMTP_PORT:-1025}"
if [ -z "${SMTP_HOST:-}" ]; then
  maildev="$RUN_DIR/maildev/node_modules/.bin/maildev"
  if [ ! -x "$maildev" ] || [ "$(cat "$RUN_DIR/maildev/version" 2>/dev/null)" != "$MAILDEV_VERSION" ]; then
    log "Installing maildev $MAILDEV_VERSION (the local inbox) under .run/maildev"
    mkdir -p "$RUN_DIR/maildev"
    if npm install --prefix "$RUN_DIR/maildev" --no-audit --no-fund --loglevel=error "maildev@$MAILDEV_VERSION" >/dev/null; then
      echo "$MAILDEV_VERSION" > "$RUN_DIR/maildev/version"
    fi
  fi
  if [ -x "$maildev" ]; then
    MAILDEV_SMTP_PORT="${MAILDEV_SMTP_PORT:-1025}" MAILDEV_WEB_PORT="${MAILDEV_WEB_PORT:-1080}"
    export SMTP_HOST=127.0.0.1 SMTP_PORT="$MAILDEV_SMTP_PORT" SMTP_SECURITY=none
    "$maildev" --ip 127.0.0.1 --smtp "$MAILDEV_SMTP_PORT" --web-ip 127.0.0.1 --web "$MAILDEV_WEB_PORT" \
      --mail-directory "$RUN_DIR/maildev/mail" >"$RUN_DIR/maildev.log" 2>&1 &
    maildev_pid=$!
    mail_note="  Mail (maildev):       http://127.0.0.1:$MAILDEV_WEB_PORT/  (every notification the demo sends, SMTP on port $MAILDEV_SMTP_PORT)"
  else
    mail_note="  Mail:                 no local inbox (installing maildev failed); notifications wait and retry"
  fi
fi

"$VENV/bin/packline" worker & pids+=($!)
"$VENV/bin/packline" serve --host 127.0.0.1 --port "$PORT" & pids+=($!)
# The product itself: when one of these exits, everything stops.
essential=("${pids[@]}")
# Not essential either: without it, buying a DHL label is a clear user error and MANUAL still ships.
if [ -n "${dhl_pid:-}" ]; then pids+=("$dhl_pid"); fi
# Nor is the mail catcher: without it, notifications wait and are retried.
if [ -n "${maildev_pid:-}" ]; then pids+=("$maildev_pid"); fi
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
$dhl_note
$mail_note

$logins

  Ctrl-C stops everything.
MSG
wait -n "${essential[@]}"
