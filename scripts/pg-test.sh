#!/usr/bin/env bash
# Runs `cargo test` with a throwaway PostgreSQL cluster, so the team-store
# tests (tests/pg_*.rs) run on a developer machine too. Needs Debian's
# `postgresql` package (installed when run as root). Arguments go to cargo:
#   scripts/pg-test.sh                  every test
#   scripts/pg-test.sh --test pg_store  only the store tests
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/pg-cluster.sh
. scripts/pg-cluster.sh
pg_cluster_start
cargo test "$@"
