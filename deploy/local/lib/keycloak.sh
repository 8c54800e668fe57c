#!/usr/bin/env bash
# Keycloak 26 from the keycloak-quarkus-dist zip, with the phylax realm imported from keycloak/phylax-realm.json.
# Client secrets and the demo users' password are generated into the state directory, never committed.

KC_HOME() { ls -d "$PARTS"/keycloak-[0-9]* 2>/dev/null | sort -V | tail -n 1; }
KC_CLIENTS="phi-vault audit notification reporting clinic-a-integration clinic-b-integration phylax-operator attack-probe"
# Realm files imported together: the demo realm and the attack matrix's look-alike realm (ADR 0060).
KC_REALM_FILES="phylax-realm.json phylax-attacker-realm.json"

kc_secret_var() { local v="${1^^}"; echo "PHYLAX_KC_SECRET_${v//-/_}"; }

# Users the realm requires a one-time code of (the tenant-admins and auditors, ADR 0063). Each has a TOTP
# secret generated once into $SECRETS/otp/<user> (20 letters and digits; its bytes are the HMAC key, their
# base32 what an authenticator app is given) and imported as the user's otp credential.
KC_MFA_USERS="clinic-a-auditor clinic-a-tenant-admin clinic-b-auditor clinic-b-tenant-admin"
kc_otp_var() { local v="${1^^}"; echo "PHYLAX_OTP_SECRET_${v//-/_}"; }
kc_otp_secret() {
  local file="$SECRETS/otp/$1"
  (umask 077; mkdir -p "$SECRETS/otp")
  local chars=""
  if [[ ! -s "$file" ]]; then
    # tr reads a bounded input to its end (no SIGPIPE under pipefail); 400 bytes give about 97 characters.
    while (( ${#chars} < 20 )); do chars+=$(LC_ALL=C tr -dc 'A-Za-z0-9' < <(head -c 400 /dev/urandom)); done
    (umask 077; printf '%s' "${chars:0:20}" > "$file.tmp" && mv "$file.tmp" "$file")
  fi
  cat "$file"
}

# The phylax realm's RS256 signing key, generated once into the state directory (PKCS#8, base64, one line).
# The realm imports it instead of generating its own, so the attack matrix can mint tokens that differ from
# a genuine one in exactly one claim (expired, not yet valid, wrong issuer) and prove each is refused (ADR 0060).
kc_signing_key() {
  local file="$SECRETS/keycloak-realm-signing-key"
  if [[ ! -s "$file" ]]; then
    local gen="$PIDS/SigningKey.java"
    cat > "$gen" <<'JAVA'
public class SigningKey {
  public static void main(String[] a) throws Exception {
    var g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    System.out.print(java.util.Base64.getEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded()));
  }
}
JAVA
    (umask 077; "$(java_home)/bin/java" "$gen" > "$file.tmp" && mv "$file.tmp" "$file") \
      || die "could not generate the realm signing key"
    rm -f "$gen"
  fi
  cat "$file"
}

kc_env() {
  local c
  export PHYLAX_KC_SIGNING_KEY; PHYLAX_KC_SIGNING_KEY=$(kc_signing_key)
  export PHYLAX_DEMO_USER_PASSWORD; PHYLAX_DEMO_USER_PASSWORD=$(secret demo-user-password)
  for c in $KC_CLIENTS; do export "$(kc_secret_var "$c")=$(secret "keycloak-client-$c")"; done
  for c in $KC_MFA_USERS; do export "$(kc_otp_var "$c")=$(kc_otp_secret "$c")"; done
  export KC_BOOTSTRAP_ADMIN_USERNAME=admin
  export KC_BOOTSTRAP_ADMIN_PASSWORD; KC_BOOTSTRAP_ADMIN_PASSWORD=$(secret keycloak-admin-password)
  export JAVA_HOME; JAVA_HOME=$(java_home)
  export JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m"
  # The HTTPS listener's keystore password through the environment, not the command line (ps shows that).
  export KC_HTTPS_KEY_STORE_PASSWORD; KC_HTTPS_KEY_STORE_PASSWORD=$(pki_password)
}

kc_url() { echo "http://127.0.0.1:$PHYLAX_KEYCLOAK_PORT"; }
kc_issuer() { echo "$(kc_url)/realms/$PHYLAX_REALM"; }
# The same realm over HTTPS, where a client's certificate binds its tokens (RFC 8705, ADR 0064). Tokens fetched
# here carry the same issuer as above (--hostname); only the token endpoint is reached this way.
kc_tls_url() { echo "https://127.0.0.1:$PHYLAX_KEYCLOAK_TLS_PORT"; }
kc_tls_realm_url() { echo "$(kc_tls_url)/realms/$PHYLAX_REALM"; }

kc_up() {
  ensure_layout
  local home; home=$(KC_HOME)
  [[ -n "$home" ]] || die "Keycloak is not unpacked under $PARTS (run: deploy/local/bin/stack parts)"
  if running_pid keycloak >/dev/null; then log "keycloak already running"; return 0; fi
  require_free_port keycloak "$PHYLAX_KEYCLOAK_PORT" PHYLAX_KEYCLOAK_PORT
  require_free_port keycloak-management "$PHYLAX_KEYCLOAK_MGMT_PORT" PHYLAX_KEYCLOAK_MGMT_PORT
  require_free_port keycloak-tls "$PHYLAX_KEYCLOAK_TLS_PORT" PHYLAX_KEYCLOAK_TLS_PORT
  [[ -f "$PKI/keycloak.p12" ]] || die "Keycloak's server certificate is missing ($PKI/keycloak.p12); run: deploy/local/bin/stack up"
  kc_env
  # Build-time options; the image is rebuilt when they change (https-client-auth is one: ADR 0064).
  local build_options="--db=dev-file --health-enabled=true --https-client-auth=request"
  if [[ "$(cat "$home/.phylax-built" 2>/dev/null)" != "$build_options" ]]; then
    log "building Keycloak's optimized server image (once, about 30 s)"
    # shellcheck disable=SC2086 # options without spaces
    "$home/bin/kc.sh" build $build_options >>"$LOGS/keycloak-build.log" 2>&1 \
      || die "kc.sh build failed; see $LOGS/keycloak-build.log"
    echo "$build_options" > "$home/.phylax-built"
  fi
  # The realms are demo data: when a realm file or a generated OTP secret changes, start from a fresh database
  # so the import applies (the secrets live only in the state directory and in Keycloak's database).
  local dir="$PHYLAX_HOME/deploy/local/keycloak" sum realm
  # shellcheck disable=SC2086 # lists of names without spaces
  sum=$( (cd "$dir" && cat $KC_REALM_FILES; cd "$SECRETS/otp" && cat $KC_MFA_USERS) | sha256sum | cut -d' ' -f1)
  if [[ "$(cat "$STATE/keycloak-realm.sha256" 2>/dev/null)" != "$sum" ]]; then
    rm -rf "$home/data/h2"
    echo "$sum" > "$STATE/keycloak-realm.sha256"
  fi
  mkdir -p "$home/data/import"
  for realm in $KC_REALM_FILES; do cp "$dir/$realm" "$home/data/import/$realm"; done
  # HTTPS beside HTTP: it requests (never requires) a client certificate and trusts the stack's CA, so a service
  # that fetches its token there with its own certificate gets a certificate-bound token (ADR 0064). The issuer
  # stays the HTTP URL (--hostname); backchannel URLs (token endpoint, JWKS) follow the URL a client used, so
  # discovery over HTTPS points the client at the HTTPS token endpoint. The management port stays plain HTTP.
  spawn keycloak "$home/bin/kc.sh" start --optimized --import-realm --db=dev-file --cache=local \
    --hostname="$(kc_url)" --hostname-strict=false --hostname-backchannel-dynamic=true \
    --http-enabled=true --http-host=127.0.0.1 --http-port="$PHYLAX_KEYCLOAK_PORT" \
    --https-port="$PHYLAX_KEYCLOAK_TLS_PORT" --https-key-store-file="$PKI/keycloak.p12" \
    --truststore-paths="$PKI/ca.pem" \
    --http-management-port="$PHYLAX_KEYCLOAK_MGMT_PORT" --http-management-scheme=http
  wait_until keycloak 180 curl -fsS "$(kc_issuer)/.well-known/openid-configuration"
  wait_until keycloak 60 curl -fsS --cacert "$PKI/ca.pem" "$(kc_tls_realm_url)/.well-known/openid-configuration"
  log "keycloak ready at $(kc_url) and $(kc_tls_url) (realm $PHYLAX_REALM)"
}

kc_down() { stop_part keycloak; }

# A fresh access token for a seeded user (password grant through phylax-cli) or client (client credentials).
kc_token() {
  local who="$1" body
  [[ -n "$who" ]] || die "usage: make token WHO=<user or client>, e.g. WHO=clinic-a-clinician or WHO=clinic-a-integration"
  if [[ " $PHYLAX_SERVICES " == *" $who "* ]]; then
    # A service's token comes from the HTTPS endpoint with the service's certificate, as the service fetches it,
    # so a certificate-bound client (notification) gets one (ADR 0064). The store password goes through stdin.
    body=$(printf 'cert = "%s:%s"\n' "$PKI/$who.p12" "$(pki_password)" \
      | curl -fsS -K - --cert-type P12 --cacert "$PKI/ca.pem" "$(kc_tls_realm_url)/protocol/openid-connect/token" \
        -d grant_type=client_credentials --data-urlencode "client_id=$who" \
        --data-urlencode "client_secret=$(secret "keycloak-client-$who")") || die "Keycloak refused a token for client $who"
  elif [[ " $KC_CLIENTS " == *" $who "* ]]; then
    body=$(curl -fsS "$(kc_issuer)/protocol/openid-connect/token" \
      -d grant_type=client_credentials --data-urlencode "client_id=$who" \
      --data-urlencode "client_secret=$(secret "keycloak-client-$who")") || die "Keycloak refused a token for client $who"
  else
    local otp=()
    if [[ -s "$SECRETS/otp/$who" ]]; then
      # The same single-use code reservation the tests use (a file lock per user in the state directory).
      otp=(--data-urlencode "totp=$("$(java_home)/bin/java" "$PHYLAX_HOME/services/test-kit/src/main/java/io/phylax/testkit/Totp.java" "$STATE" "$who")")
    fi
    body=$(curl -fsS "$(kc_issuer)/protocol/openid-connect/token" \
      -d grant_type=password -d client_id=phylax-cli --data-urlencode "username=$who" \
      --data-urlencode "password=$(secret demo-user-password)" "${otp[@]}") || die "Keycloak refused a token for user $who (is it a seeded user?)"
  fi
  sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<<"$body"
}
