#!/usr/bin/env bash
# Starts the local PostgreSQL cluster installed by Debian's `postgresql` package and creates the test role
# and database (idempotent). PostgreSQL refuses to run as root, so it runs as the postgres user.
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
[ -n "$version" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)"; exit 1; }
# The test suite runs storage tests in parallel, each with a database of its own.
conf="/etc/postgresql/$version/main/postgresql.conf"
if ! grep -q '^max_connections = 400' "$conf"; then
  echo "max_connections = 400" >> "$conf"
  pg_ctlcluster "$version" main restart 2>/dev/null || true
fi
pg_ctlcluster "$version" main start 2>/dev/null || pg_ctlcluster "$version" main status >/dev/null
for _ in $(seq 1 30); do su postgres -c "pg_isready -q" && break; sleep 0.5; done
su postgres -c "psql -v ON_ERROR_STOP=1 -q" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'clustercollab') THEN
    CREATE ROLE clustercollab LOGIN PASSWORD 'clustercollab' CREATEDB;
  END IF;
END $$;
SQL
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'clustercollab_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O clustercollab clustercollab_test"
echo "PostgreSQL $version is running; test database clustercollab_test is ready"
