#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster in a temporary directory.
# Installs Debian's postgresql when missing (as root); skips cleanly when it cannot.
set -uo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ] && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
if [ -z "$pg_bin" ]; then
  echo "PostgreSQL is not installed and cannot be installed here: PostgreSQL tests skipped"
  exit 0
fi

dir=$(mktemp -d /tmp/symposia-pg.XXXXXX)
port=${PGPORT_TEST:-54329}
as_pg=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root: the cluster belongs to the postgres user.
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
cleanup() { "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$dir"; }
trap cleanup EXIT

"${as_pg[@]}" "$pg_bin/initdb" -D "$dir/data" -A trust -U symposia >/dev/null || { echo "initdb failed"; exit 1; }
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" \
  -l "$dir/log" -w start >/dev/null || { echo "PostgreSQL did not start:"; cat "$dir/log"; exit 1; }
"${as_pg[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U symposia symposia

export DATABASE_URL="postgres://symposia@127.0.0.1:$port/symposia"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $port"
"$@"
rc=$?
if [ $rc -eq 5 ]; then
  echo "pytest collected no PostgreSQL tests"
fi
exit $rc
