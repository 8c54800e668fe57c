#!/usr/bin/env bash
# Fetches the stack's parts through Maven (cached in the local repository) and lays them out under $PARTS.
# Skipped when the versions in platform-bom have not changed since the last fetch.

parts_ensure() {
  ensure_layout
  local stamp; stamp=$(cat "$PHYLAX_HOME/platform-bom/pom.xml" "$PHYLAX_HOME/deploy/local/parts/pom.xml" | sha256sum | cut -c1-16)
  if [[ -f "$PARTS/.fetched-$stamp" ]]; then return 0; fi
  log "fetching the stack's parts (Kafka, Keycloak, GreenMail) through Maven into $PARTS"
  rm -rf "$PARTS/kafka/lib" "$PARTS/.fetched-"*
  mvnw -f "$PHYLAX_HOME/deploy/local/parts/pom.xml" package -Dparts.dir="$PARTS" \
    || die "fetching the stack's parts failed (see the Maven output above)"
  touch "$PARTS/.fetched-$stamp"
}
