#!/bin/sh
# Creates Temporal's two PostgreSQL databases and brings their schemas up to the
# version shipped in this admin-tools image. Run by the temporal-schema service
# (temporalio/admin-tools) before the server starts.
#
# Safe to re-run on every `docker compose up`:
#   create             treats "database already exists" as success
#   setup-schema -v 0  only creates the version tables; never lowers a recorded version
#   update-schema      applies only migrations newer than the recorded version
set -eu

: "${DB:=postgres12}"
: "${DB_PORT:=5432}"
: "${POSTGRES_SEEDS:?POSTGRES_SEEDS must be set}"
: "${POSTGRES_USER:?POSTGRES_USER must be set}"
: "${POSTGRES_PWD:?POSTGRES_PWD must be set}"
: "${DBNAME:=temporal}"
: "${VISIBILITY_DBNAME:=temporal_visibility}"

# The postgres12 and postgres12_pgx plugins share this schema directory.
SCHEMA_ROOT=/etc/temporal/schema/postgresql/v12

# temporal-sql-tool reads the password from SQL_PASSWORD; keeps it off the command line.
export SQL_PASSWORD="$POSTGRES_PWD"

sql_tool() {
  temporal-sql-tool --plugin "$DB" --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"
}

# depends_on already waited for pg_isready; the retry covers the brief window
# in which the server is up but still refusing logins.
retry() {
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge 30 ]; then
      echo "giving up after $attempt attempts: $*" >&2
      return 1
    fi
    attempt=$((attempt + 1))
    sleep 2
  done
}

setup_db() {
  db="$1"
  schema_dir="$2"
  echo "temporal-schema: database $db"
  retry sql_tool --db "$db" create
  sql_tool --db "$db" setup-schema -v 0.0
  sql_tool --db "$db" update-schema -d "$schema_dir"
}

setup_db "$DBNAME" "$SCHEMA_ROOT/temporal/versioned"
setup_db "$VISIBILITY_DBNAME" "$SCHEMA_ROOT/visibility/versioned"
echo "temporal-schema: done"
