#!/usr/bin/env bash
# GreenMail standalone: an SMTP server on loopback that keeps what it receives, readable over its REST API.

smtp_up() {
  ensure_layout
  if running_pid smtp >/dev/null; then log "smtp already running"; return 0; fi
  require_free_port smtp "$PHYLAX_SMTP_PORT" PHYLAX_SMTP_PORT
  require_free_port smtp-api "$PHYLAX_SMTP_API_PORT" PHYLAX_SMTP_API_PORT
  spawn smtp "$(java_home)/bin/java" -Xms32m -Xmx128m -XX:+UseSerialGC \
    -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port="$PHYLAX_SMTP_PORT" \
    -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$PHYLAX_SMTP_API_PORT" \
    -Dgreenmail.auth.disabled -Dgreenmail.verbose=false \
    -jar "$PARTS/greenmail/greenmail-standalone.jar"
  wait_until smtp 60 port_open "$PHYLAX_SMTP_PORT"
  log "smtp ready on 127.0.0.1:$PHYLAX_SMTP_PORT (received mail: http://127.0.0.1:$PHYLAX_SMTP_API_PORT)"
}

smtp_down() { stop_part smtp; }
