#!/usr/bin/env bash
# The dashboard's tests (called by scripts/test.sh, or alone): install, generated-types check, typecheck, unit
# tests, production build with the bundle budget, then Playwright in Debian's Chromium against a real backend
# that the tests start themselves (own database and Redis namespace, dropped at the end).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_venv
ensure_services

cd "$ROOT/frontend"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1   # never download a browser: the tests use Debian's chromium
stamp="node_modules/.packline-lock.sha"
want="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log "Installing the dashboard's packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

log "Generated GraphQL types are up to date with schema.graphql (npm run codegen to refresh)"
npx --no-install graphql-codegen --config codegen.ts --check

log "Typecheck"
npx --no-install tsc -b

log "Unit tests (Vitest)"
npx --no-install vitest run

log "Production build"
npm run --silent build

CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium || true)}"
if [ -z "$CHROMIUM_PATH" ]; then
  warn "Debian's chromium is missing: apt-get install chromium fonts-dejavu-core (.ci/run does)"
  exit 1
fi
export CHROMIUM_PATH

# Three free ports in 8100-8199: the main API, a second API with short sessions, the tests' control endpoint.
PACKLINE_E2E_PORT="$(python3 - <<'PY'
import socket
def free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
import random
starts = list(range(8100, 8197, 3))
random.shuffle(starts)
for start in starts:
    if all(free(p) for p in range(start, start + 3)):
        print(start)
        break
else:
    raise SystemExit("no three free ports in 8100-8199")
PY
)"
export PACKLINE_E2E_PORT

log "End-to-end tests (Playwright, $CHROMIUM_PATH, ports $PACKLINE_E2E_PORT-$((PACKLINE_E2E_PORT + 2)))"
rm -rf e2e-artifacts
status=0
npx --no-install playwright test || status=$?
log "Screenshots: frontend/e2e-artifacts/screenshots/  Report: frontend/playwright-report/  Server logs: frontend/e2e-artifacts/logs/"
exit $status
