# Shared by `make run` and `make test`: the Python environment and the local services.
# Sourced, not executed. Everything it starts lives under .run/ (ignored by git).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.run"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m==>\033[0m %s\n' "$*" >&2; }

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    log "Creating the Python environment in .venv"
    "$PY" -m venv "$VENV"
  fi
  local stamp="$VENV/.requirements.sha"
  local want
  want="$(cat "$ROOT/requirements.txt" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x "$VENV/bin/packline" ]; then
    log "Installing Python packages (requirements.txt)"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/requirements.txt"
    "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -e "$ROOT"
    echo "$want" > "$stamp"
  fi
}

# host and port of a URL, e.g. "127.0.0.1 5432"
url_host_port() {
  "$PY" -c 'import sys; from urllib.parse import urlsplit; u = urlsplit(sys.argv[1]); print(u.hostname or "127.0.0.1", u.port or int(sys.argv[2]))' "$1" "$2"
}

reachable() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

pg_bin() {
  local initdb
  initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$initdb" ] && dirname "$initdb"
}

# Run a command as the owner of the private PostgreSQL data (initdb refuses to run as root).
as_pg_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_private_postgres() {
  local bin port=55432 dir="$RUN_DIR/postgres"
  bin="$(pg_bin)" || true
  if [ -z "$bin" ]; then
    warn "No PostgreSQL server binaries found (install the postgresql package)."
    return 1
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" = "0" ]; then chown -R postgres "$dir"; fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
  fi
  if ! reachable 127.0.0.1 "$port"; then
    as_pg_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/${DATABASE_NAME:-packline}"
  log "Started a private PostgreSQL on 127.0.0.1:$port (data in .run/postgres)"
}

start_private_redis() {
  local port=56379 dir="$RUN_DIR/redis"
  if ! command -v redis-server >/dev/null; then
    warn "No redis-server found (install the redis-server package)."
    return 1
  fi
  mkdir -p "$dir"
  if ! reachable 127.0.0.1 "$port"; then
    redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --dir "$dir" --save "" --appendonly no \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
    for _ in $(seq 50); do reachable 127.0.0.1 "$port" && break; sleep 0.1; done
  fi
  export REDIS_URL="redis://127.0.0.1:$port/0"
  log "Started a private Redis on 127.0.0.1:$port"
}

# Use DATABASE_URL / REDIS_URL (or their local defaults) when reachable, private instances otherwise.
ensure_services() {
  local hp
  hp=($(url_host_port "${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/packline}" 5432))
  if reachable "${hp[0]}" "${hp[1]}"; then
    log "Using PostgreSQL at ${hp[0]}:${hp[1]}"
  else
    warn "PostgreSQL at ${hp[0]}:${hp[1]} is not reachable."
    start_private_postgres
  fi
  hp=($(url_host_port "${REDIS_URL:-redis://127.0.0.1:6379/0}" 6379))
  if reachable "${hp[0]}" "${hp[1]}"; then
    log "Using Redis at ${hp[0]}:${hp[1]}"
  else
    warn "Redis at ${hp[0]}:${hp[1]} is not reachable."
    start_private_redis
  fi
}
