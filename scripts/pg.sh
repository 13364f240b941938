#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the test suite.
#   scripts/pg.sh start DIR PORT   -> initdb + start, prints nothing on success
#   scripts/pg.sh stop DIR
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
action=$1 dir=$2

run_as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "$action" in
  start)
    port=$3
    mkdir -p "$dir/sock"
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
    run_as_pg "$BIN/initdb -D $dir/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
    run_as_pg "$BIN/pg_ctl -D $dir/data -l $dir/log -w start -o '-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200'" >/dev/null
    ;;
  stop)
    run_as_pg "$BIN/pg_ctl -D $dir/data -m fast -w stop" >/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
