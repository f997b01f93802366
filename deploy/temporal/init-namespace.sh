#!/bin/sh
# Makes sure the Temporal namespace and the app's custom search attributes exist.
# Run by the temporal-init service (temporalio/admin-tools) once the server is
# healthy; worker and api wait for it to exit 0. `npm run start:cluster` and the
# cluster test run it too, with the project's CLI (TEMPORAL_CLI).
#
# Safe to re-run: an existing namespace or attribute is left as it is. An
# attribute that exists with a different type is an error, because workflows
# would then fail to upsert it.
set -eu

ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
# Space-separated Name:Type pairs (types: Keyword, Text, Int, Double, Bool,
# Datetime, KeywordList). Must match what the workflows upsert.
SEARCH_ATTRIBUTES="${SEARCH_ATTRIBUTES:-ApplicationStatus:Keyword MerchantId:Keyword RiskLevel:Keyword Escalated:Bool}"

# The temporal CLI on PATH (admin-tools), or the path of a locally built one.
TEMPORAL_CLI="${TEMPORAL_CLI:-temporal}"

tcli() {
  "$TEMPORAL_CLI" "$@" --address "$ADDRESS"
}

log() {
  echo "temporal-init: $*"
}

# The compose healthcheck already passed; this covers running the script by hand.
attempt=1
until tcli operator cluster health >/dev/null 2>&1; do
  if [ "$attempt" -ge 60 ]; then
    log "server at $ADDRESS is not healthy, giving up" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

changed=false

if tcli operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then
  log "namespace $NAMESPACE exists"
else
  log "creating namespace $NAMESPACE"
  # A concurrent run may have created it in the meantime; accept that.
  tcli operator namespace create --namespace "$NAMESPACE" \
    || tcli operator namespace describe --namespace "$NAMESPACE" >/dev/null
  changed=true
fi

# A namespace just created reaches the frontend's namespace cache within seconds.
list_search_attributes() {
  attempt=1
  until tcli operator search-attribute list --namespace "$NAMESPACE" 2>/dev/null; do
    if [ "$attempt" -ge 60 ]; then
      tcli operator search-attribute list --namespace "$NAMESPACE"
      return 1
    fi
    attempt=$((attempt + 1))
    sleep 1
  done
}

existing="$(list_search_attributes)"

for pair in $SEARCH_ATTRIBUTES; do
  name="${pair%%:*}"
  type="${pair#*:}"
  if printf '%s\n' "$existing" | grep -qw -- "$name"; then
    log "search attribute $name exists"
    continue
  fi
  log "registering search attribute $name ($type)"
  if out="$(tcli operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type "$type" 2>&1)"; then
    changed=true
    continue
  fi
  case "$out" in
    *"different type"*)
      printf '%s\n' "$out" >&2
      exit 1
      ;;
    *"already exists"* | *AlreadyExists*)
      log "search attribute $name already exists"
      ;;
    *)
      printf '%s\n' "$out" >&2
      exit 1
      ;;
  esac
done

if [ "$changed" = true ]; then
  # Namespace data (including SQL search-attribute aliases) reaches the other
  # server roles through a cache refreshed about every 10s; wait it out so the
  # worker's first upsert does not race it.
  log "waiting for the server's namespace cache to refresh"
  sleep "${NAMESPACE_CACHE_WAIT_SECONDS:-15}"
fi

missing=""
existing="$(list_search_attributes)"
for pair in $SEARCH_ATTRIBUTES; do
  name="${pair%%:*}"
  printf '%s\n' "$existing" | grep -qw -- "$name" || missing="$missing $name"
done
if [ -n "$missing" ]; then
  log "search attributes still missing:$missing" >&2
  exit 1
fi

log "namespace $NAMESPACE ready with search attributes: $SEARCH_ATTRIBUTES"
