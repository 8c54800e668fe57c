#!/usr/bin/env bash
# Encrypted, checksummed backups of every service's database, restore into fresh databases, and the
# drill instances that prove a restore (ADR 0070). Sourced by deploy/local/bin/stack.
#
# A backup set is a directory:
#   <svc>.dump.age            pg_dump (custom format) of the service's database, encrypted with age
#   phi-vault.keys.dump.age   the vault's key tables (data_key, blind_index_key) alone: their copies are kept
#                             for a shorter window than the event store's (ADR 0013), so crypto-shredding
#                             reaches backups once that window passes
#   <svc>.keystore.age        a file-based key the service needs (local KEK keyring, audit signing key);
#                             already passphrase-protected, the passphrases are never in the backup
#   manifest.tsv              file, database, content, retention class, plaintext and ciphertext SHA-256
#   SHA256SUMS                sha256sum -c of the encrypted files (checkable without the decryption key)

BACKUPS() { echo "${PHYLAX_BACKUP_DIR:-$STATE/backups}"; }
# Tables whose backups follow the key-material retention window rather than the event store's.
VAULT_KEY_TABLES="data_key blind_index_key"

# age encrypts to a public recipient: the host that writes backups cannot read them. Locally the identity
# (private key) sits in the secrets directory; in production it stays offline with the operators.
backup_tools() {
  if ! command -v age >/dev/null || ! command -v age-keygen >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      log "installing age from Debian's packages (once)"
      { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq age \
          || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq age; }
      } >>"$LOGS/apt.log" 2>&1 || die "installing age failed; see $LOGS/apt.log"
    else
      die "age is not installed; install the 'age' package"
    fi
  fi
}

backup_identity() {
  local file="$SECRETS/backup-identity.txt"
  [[ -s "$file" ]] || (umask 077; age-keygen -o "$file" 2>/dev/null)
  echo "$file"
}

backup_recipient() {
  if [[ -n "${PHYLAX_BACKUP_RECIPIENT:-}" ]]; then echo "$PHYLAX_BACKUP_RECIPIENT"; return; fi
  age-keygen -y "$(backup_identity)"
}

pg_dump_db() { as_pg "$(pg_bindir)/pg_dump" -h "$(PG_DIR)/run" -p "$PHYLAX_PG_PORT" "$@"; }

# Encrypts stdin into $dir/$name.age and appends its manifest line.
backup_seal() {
  local dir="$1" name="$2" database="$3" content="$4" retention="$5" plain cipher
  local tmp="$dir/.$name.part"
  (umask 077; cat > "$tmp")
  plain=$(sha256sum "$tmp" | cut -d' ' -f1)
  (umask 077; age -r "$(backup_recipient)" -o "$dir/$name.age" "$tmp")
  rm -f "$tmp"
  cipher=$(sha256sum "$dir/$name.age" | cut -d' ' -f1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name.age" "$database" "$content" "$retention" "$plain" "$cipher" \
    "$(stat -c %s "$dir/$name.age")" >> "$dir/manifest.tsv"
  echo "$cipher  $name.age" >> "$dir/SHA256SUMS"
}

cmd_backup() {
  running_pid postgres >/dev/null || die "PostgreSQL is not running (make run)"
  backup_tools
  local dir="${1:-$(BACKUPS)/$(date -u +%Y%m%dT%H%M%SZ)}" svc db n=0 total excluded=() keys=()
  [[ -e "$dir" ]] && die "$dir already exists; a backup set is never overwritten"
  (umask 077; mkdir -p "$dir")
  printf 'file\tdatabase\tcontent\tretention\tplaintext_sha256\tciphertext_sha256\tbytes\n' > "$dir/manifest.tsv"
  : > "$dir/SHA256SUMS"
  total=$(wc -w <<<"$PHYLAX_SERVICES")
  for svc in $PHYLAX_SERVICES; do
    n=$((n + 1)); db=$(pg_db_name "$svc")
    log "backup $n/$total: database $db"
    if [[ "$svc" == phi-vault ]]; then
      excluded=(); keys=()
      for t in $VAULT_KEY_TABLES; do excluded+=(--exclude-table-data="$t"); keys+=(-t "$t"); done
      pg_dump_db -Fc "${excluded[@]}" -d "$db" | backup_seal "$dir" "$svc.dump" "$db" database event-store
      log "backup $n/$total: key tables of $db ($VAULT_KEY_TABLES), kept for the key window"
      pg_dump_db -Fc --data-only "${keys[@]}" -d "$db" | backup_seal "$dir" "$svc.keys.dump" "$db" key-tables key-material
    else
      pg_dump_db -Fc -d "$db" | backup_seal "$dir" "$svc.dump" "$db" database event-store
    fi
  done
  # File-based keys: without the KEK keyring nothing in the vault decrypts; without the signing key the
  # audit log cannot sign new tree heads. Production keeps these in Vault/OpenBao and a Secret instead.
  [[ -f "$STATE/phi-vault/keyring.p12" ]] \
    && backup_seal "$dir" phi-vault.keystore - keyring key-material < "$STATE/phi-vault/keyring.p12"
  [[ -f "$STATE/audit/tree-signing.p12" ]] \
    && backup_seal "$dir" audit.keystore - keystore event-store < "$STATE/audit/tree-signing.p12"
  log "backup complete: $dir ($(du -sh "$dir" | cut -f1))"
  echo "$dir"
}

# Checks every encrypted file against SHA256SUMS and the manifest before anything is decrypted.
backup_verify_set() {
  local dir="$1"
  [[ -f "$dir/manifest.tsv" && -f "$dir/SHA256SUMS" ]] || die "$dir is not a backup set (no manifest.tsv/SHA256SUMS)"
  (cd "$dir" && sha256sum --quiet -c SHA256SUMS) >&2 || die "checksum mismatch in $dir: the backup set is damaged"
  local file cipher
  while IFS=$'\t' read -r file _ _ _ _ cipher _; do
    [[ "$(sha256sum "$dir/$file" | cut -d' ' -f1)" == "$cipher" ]] || die "$file does not match its manifest checksum"
  done < <(tail -n +2 "$dir/manifest.tsv")
  log "checksums of $(($(wc -l < "$dir/manifest.tsv") - 1)) files verified"
}

# Decrypts one file of the set to stdout, refusing it when the plaintext does not match the manifest.
backup_open() {
  local dir="$1" file="$2" expected tmp
  expected=$(awk -F'\t' -v f="$file" '$1 == f {print $5}' "$dir/manifest.tsv")
  [[ -n "$expected" ]] || die "$file is not in the manifest of $dir"
  tmp=$(mktemp "$STATE/.restore.XXXXXX")
  age -d -i "${PHYLAX_BACKUP_IDENTITY:-$(backup_identity)}" -o "$tmp" "$dir/$file" \
    || { rm -f "$tmp"; die "cannot decrypt $file (wrong identity?)"; }
  if [[ "$(sha256sum "$tmp" | cut -d' ' -f1)" != "$expected" ]]; then
    rm -f "$tmp"; die "$file decrypted to content that does not match its manifest checksum"
  fi
  cat "$tmp"; rm -f "$tmp"
}

pg_restore_db() { as_pg "$(pg_bindir)/pg_restore" -h "$(PG_DIR)/run" -p "$PHYLAX_PG_PORT" "$@"; }

# restore DIR [SUFFIX] [KEYS_DIR]: every database of the set into a fresh database <db><SUFFIX> (default
# _restored), owned and granted like the original; file-based keys into $STATE/restored<SUFFIX>/. The vault's
# key tables come from KEYS_DIR when given (key backups follow their own, shorter schedule, ADR 0013).
# Never overwrites a database.
cmd_restore() {
  local dir="${1:?usage: stack restore BACKUP_DIR [SUFFIX] [KEYS_BACKUP_DIR]}" suffix="${2:-_restored}"
  local keys_dir="${3:-${1}}" svc db target n=0 total
  [[ "$suffix" =~ ^_[a-z0-9_]{1,20}$ ]] || die "the suffix must look like _drill (lower case, digits, underscores)"
  running_pid postgres >/dev/null || die "PostgreSQL is not running (make run)"
  backup_tools
  backup_verify_set "$dir"
  [[ "$keys_dir" == "$dir" ]] || backup_verify_set "$keys_dir"
  total=$(wc -w <<<"$PHYLAX_SERVICES")
  for svc in $PHYLAX_SERVICES; do
    db=$(pg_db_name "$svc"); target="$db$suffix"
    if [[ -n "$(pg_psql -c "SELECT 1 FROM pg_database WHERE datname = '$target'")" ]]; then
      die "database $target already exists; restore only into fresh databases (stack restore-drop $suffix)"
    fi
  done
  for svc in $PHYLAX_SERVICES; do
    n=$((n + 1)); db=$(pg_db_name "$svc"); target="$db$suffix"
    log "restore $n/$total: $svc.dump.age into $target"
    pg_psql <<SQL
CREATE DATABASE "$target" OWNER "${db}_owner";
REVOKE ALL ON DATABASE "$target" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE "$target" TO "$db";
GRANT CONNECT ON DATABASE "$target" TO "${db}_owner";
SQL
    backup_open "$dir" "$svc.dump.age" | pg_restore_db --exit-on-error --no-owner --role="${db}_owner" -d "$target"
    if [[ "$svc" == phi-vault ]]; then
      log "restore $n/$total: key tables from $keys_dir into $target"
      # As the superuser, not the owner: the key tables force row-level security (ADR 0024), which a data-only
      # COPY into them would otherwise trip over.
      backup_open "$keys_dir" "$svc.keys.dump.age" \
        | pg_restore_db --exit-on-error --data-only --no-owner -d "$target"
      vault_replay_erasures "$target"
    fi
  done
  local keys="$STATE/restored$suffix"
  (umask 077; mkdir -p "$keys")
  for svc in phi-vault audit; do
    if grep -q "^$svc.keystore.age"$'\t' "$keys_dir/manifest.tsv"; then
      (umask 077; backup_open "$keys_dir" "$svc.keystore.age" > "$keys/$svc.p12")
    fi
  done
  log "restore complete: databases *$suffix, file keys in $keys"
}

# Key tables younger than an erasure would bring its key back: every key the restored event store's
# erasure tombstones name is destroyed again before any service reads the database (ADR 0013).
vault_replay_erasures() {
  local target="$1" destroyed
  destroyed=$(as_pg "$(pg_bindir)/psql" -h "$(PG_DIR)/run" -p "$PHYLAX_PG_PORT" -d "$target" -v ON_ERROR_STOP=1 -qAt \
    -c "WITH gone AS (DELETE FROM data_key WHERE subject_id IN (SELECT subject_id FROM subject_erasure) RETURNING 1)
        SELECT count(*) FROM gone")
  log "erasures replayed on $target: $destroyed resurrected data key(s) destroyed again"
}

# restore-drop SUFFIX: removes the databases and key copies of an earlier restore (never the originals).
cmd_restore_drop() {
  local suffix="${1:?usage: stack restore-drop SUFFIX}" svc
  [[ "$suffix" =~ ^_[a-z0-9_]{1,20}$ ]] || die "the suffix must look like _drill"
  drill_down
  for svc in $PHYLAX_SERVICES; do
    pg_psql -c "DROP DATABASE IF EXISTS \"$(pg_db_name "$svc")$suffix\" WITH (FORCE)"
  done
  rm -rf "$STATE/restored$suffix"
  log "dropped the databases restored with suffix $suffix"
}

# The drill runs the vault and the audit service a second time, on the restored databases and keys, cut off
# from Kafka (nothing is published or consumed again) and with the scheduled jobs off.
: "${PHYLAX_DRILL_VAULT_PORT:=18181}"
: "${PHYLAX_DRILL_VAULT_MTLS_PORT:=18543}"
: "${PHYLAX_DRILL_AUDIT_PORT:=18182}"

drill_config() {
  local svc="$1" suffix="$2" db; db=$(pg_db_name "$svc")
  local file="$CONFIG/$svc-drill.properties"
  (umask 077
   grep -v -E '^(quarkus\.http\.(ssl-)?port|quarkus\.datasource\.(reactive|jdbc)\.url|kafka\.bootstrap\.servers|phylax\.vault\.keys\.local\.keyring|phylax\.audit\.signing\.keystore)=' \
     "$CONFIG/$svc.properties" > "$file"
   {
     echo "# Generated by deploy/local/lib/backup.sh for the restore drill. Do not commit."
     echo "quarkus.datasource.reactive.url=postgresql://127.0.0.1:$PHYLAX_PG_PORT/$db$suffix"
     echo "quarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:$PHYLAX_PG_PORT/$db$suffix"
     # Port 9 (discard) is never a broker: the drill instance cannot publish or consume.
     echo "kafka.bootstrap.servers=127.0.0.1:9"
     case "$svc" in
       phi-vault)
         echo "quarkus.http.port=$PHYLAX_DRILL_VAULT_PORT"
         echo "quarkus.http.ssl-port=$PHYLAX_DRILL_VAULT_MTLS_PORT"
         echo "phylax.vault.keys.local.keyring=$STATE/restored$suffix/phi-vault.p12"
         echo "phylax.vault.outbox.enabled=false"
         echo "phylax.vault.retention.every=off"
         ;;
       audit)
         echo "quarkus.http.port=$PHYLAX_DRILL_AUDIT_PORT"
         echo "phylax.audit.signing.keystore=$STATE/restored$suffix/audit.p12"
         echo "mp.messaging.incoming.vault-events.enabled=false"
         ;;
     esac
   } >> "$file")
  echo "$file"
}

drill_up() {
  local suffix="${1:?usage: stack drill-up SUFFIX}" svc port
  [[ -d "$STATE/restored$suffix" ]] || die "nothing restored with suffix $suffix (stack restore DIR $suffix)"
  for svc in phi-vault audit; do
    port=$([[ $svc == phi-vault ]] && echo "$PHYLAX_DRILL_VAULT_PORT" || echo "$PHYLAX_DRILL_AUDIT_PORT")
    running_pid "$svc-drill" >/dev/null && continue
    [[ -f "$(svc_jar "$svc")" ]] || die "$svc is not built; run make build"
    require_free_port "$svc-drill" "$port" "PHYLAX_DRILL_$(tr 'a-z-' 'A-Z_' <<<"$svc")_PORT"
    spawn "$svc-drill" "$(java_home)/bin/java" -Xms64m -Xmx256m \
      -Dquarkus.config.locations="$(drill_config "$svc" "$suffix")" -jar "$(svc_jar "$svc")"
  done
  # Liveness, not readiness: readiness includes the broker the drill instances are cut off from on purpose.
  ( wait_until phi-vault-drill 120 curl -fsS "http://127.0.0.1:$PHYLAX_DRILL_VAULT_PORT/q/health/live" \
    && wait_until audit-drill 120 curl -fsS "http://127.0.0.1:$PHYLAX_DRILL_AUDIT_PORT/q/health/live" ) \
    || { drill_down; die "the drill instances did not start"; }
  log "drill instances ready: vault http://127.0.0.1:$PHYLAX_DRILL_VAULT_PORT, audit http://127.0.0.1:$PHYLAX_DRILL_AUDIT_PORT"
}

drill_down() {
  stop_part phi-vault-drill
  stop_part audit-drill
  rm -f "$CONFIG"/*-drill.properties
}
