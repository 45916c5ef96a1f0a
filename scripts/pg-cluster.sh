# shellcheck shell=bash
# Sourced by .ci/run and scripts/pg-test.sh: starts a throwaway PostgreSQL
# cluster for the team-store tests and exports BANSHI_TEST_PG. The cluster
# lives in a temp dir owned by the `postgres` user (the server refuses to run
# as root), listens only on 127.0.0.1 on a free port, trusts local logins,
# and is stopped (-m immediate) and removed when the calling shell exits.

pg_cluster_start() {
  if [ -n "${BANSHI_TEST_PG:-}" ]; then
    echo "== PostgreSQL: using BANSHI_TEST_PG from the environment"
    return 0
  fi
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    echo "== installing Debian's postgresql"
    if [ "$(id -u)" -ne 0 ]; then
      echo "postgresql is not installed; install it with: sudo apt-get install -y postgresql" >&2
      return 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  local bin
  bin=$(compgen -G "/usr/lib/postgresql/*/bin" | sort -V | tail -n 1)
  PG_CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/banshi-pg.XXXXXX")
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_CLUSTER_DIR"
    as=(runuser -u postgres --)
  fi
  # A free port: the first one from 54320 nobody answers on.
  local port=54320
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  "${as[@]}" "$bin/initdb" -D "$PG_CLUSTER_DIR/data" -A trust -U postgres -E UTF8 --no-sync >/dev/null
  # TLS for the sslmode tests: a throwaway CA and a server certificate for
  # "localhost" (so verify-full to 127.0.0.1 must fail). Plain connections
  # stay allowed.
  local ssl=""
  if command -v openssl >/dev/null; then
    local d="$PG_CLUSTER_DIR/tls"
    mkdir -p "$d"
    openssl req -x509 -new -nodes -days 2 -subj "/CN=banshi test CA" \
      -newkey rsa:2048 -keyout "$d/ca.key" -out "$d/ca.crt" >/dev/null 2>&1
    openssl req -new -nodes -subj "/CN=localhost" -newkey rsa:2048 \
      -keyout "$d/server.key" -out "$d/server.csr" >/dev/null 2>&1
    printf 'subjectAltName=DNS:localhost\n' >"$d/ext"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
      -days 2 -extfile "$d/ext" -out "$d/server.crt" >/dev/null 2>&1
    chmod 600 "$d/server.key"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$d"; fi
    ssl="-c ssl=on -c ssl_cert_file=$d/server.crt -c ssl_key_file=$d/server.key"
    export BANSHI_TEST_PG_CA="$d/ca.crt"
  fi
  PG_CTL=("${as[@]}" "$bin/pg_ctl")
  "${PG_CTL[@]}" -D "$PG_CLUSTER_DIR/data" -w -l "$PG_CLUSTER_DIR/log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_CLUSTER_DIR -c fsync=off -c max_connections=100 $ssl" \
    start >/dev/null
  # Stopped on exit, also when the run is interrupted or killed (TERM).
  trap pg_cluster_stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  export BANSHI_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres"
  echo "== PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway, $PG_CLUSTER_DIR)"
}

pg_cluster_stop() {
  if [ -n "${PG_CLUSTER_DIR:-}" ] && [ -d "$PG_CLUSTER_DIR/data" ]; then
    "${PG_CTL[@]}" -D "$PG_CLUSTER_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_CLUSTER_DIR"
  fi
}
