#!/bin/sh
# Creates Temporal's two PostgreSQL databases and brings their schemas up to the
# version embedded in temporal-sql-tool. Run by the temporal-schema service
# (temporalio/admin-tools) before the server starts, and by `npm run start:cluster`
# and the cluster test with the locally built tool (TEMPORAL_SQL_TOOL).
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

# The tool: temporal-sql-tool on PATH (admin-tools), or the path of a locally built one.
: "${TEMPORAL_SQL_TOOL:=temporal-sql-tool}"
# The postgres12 and postgres12_pgx plugins share these schemas, embedded in the tool.
SCHEMA_ROOT=postgresql/v12

# temporal-sql-tool reads the password from SQL_PASSWORD; keeps it off the command line.
export SQL_PASSWORD="$POSTGRES_PWD"

sql_tool() {
  "$TEMPORAL_SQL_TOOL" --plugin "$DB" --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"
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
  schema_name="$2"
  echo "temporal-schema: database $db"
  retry sql_tool --db "$db" create
  sql_tool --db "$db" setup-schema -v 0.0
  sql_tool --db "$db" update-schema --schema-name "$schema_name"
}

setup_db "$DBNAME" "$SCHEMA_ROOT/temporal"
setup_db "$VISIBILITY_DBNAME" "$SCHEMA_ROOT/visibility"
echo "temporal-schema: done"
