#!/usr/bin/env bash
# The local PKI: one CA and a PKCS#12 keystore per service and Kafka principal, made with keytool alone.
# Regenerated when absent; a new CA re-issues every certificate.

KEYTOOL() { "$(java_home)/bin/keytool" "$@"; }

pki_password() { secret pki-store-password; }

pki_issue() {
  local name="$1" pw="$2" store="$PKI/$1.p12"
  [[ -f "$store" ]] && return 0
  KEYTOOL -genkeypair -alias "$name" -keyalg EC -groupname secp256r1 -dname "CN=$name" -validity 825 \
    -keystore "$store.tmp" -storetype PKCS12 -storepass "$pw" -keypass "$pw" >/dev/null 2>&1
  KEYTOOL -certreq -alias "$name" -keystore "$store.tmp" -storepass "$pw" -file "$PKI/$name.csr"
  # Every local certificate serves both ends of mTLS on loopback.
  KEYTOOL -gencert -alias ca -keystore "$PKI/ca.p12" -storepass "$pw" -infile "$PKI/$name.csr" \
    -outfile "$PKI/$name.crt" -rfc -validity 825 \
    -ext "SAN=dns:localhost,ip:127.0.0.1" -ext "KU=digitalSignature,keyAgreement" -ext "EKU=serverAuth,clientAuth"
  KEYTOOL -importcert -noprompt -alias phylax-ca -file "$PKI/ca.pem" -keystore "$store.tmp" -storepass "$pw" >/dev/null 2>&1
  KEYTOOL -importcert -noprompt -alias "$name" -file "$PKI/$name.crt" -keystore "$store.tmp" -storepass "$pw" >/dev/null 2>&1
  rm -f "$PKI/$name.csr"
  mv "$store.tmp" "$store"
}

pki_ensure() {
  ensure_layout
  local pw; pw=$(pki_password)
  if [[ ! -f "$PKI/ca.p12" || ! -f "$PKI/ca.pem" ]]; then
    log "creating the local CA in $PKI"
    rm -f "$PKI"/*.p12 "$PKI"/*.crt "$PKI"/*.pem "$PKI"/*.tmp
    KEYTOOL -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=Phylax Local CA" \
      -ext bc:c -ext "KU=keyCertSign,cRLSign" -validity 3650 \
      -keystore "$PKI/ca.p12" -storetype PKCS12 -storepass "$pw" -keypass "$pw" >/dev/null 2>&1
    KEYTOOL -exportcert -rfc -alias ca -keystore "$PKI/ca.p12" -storepass "$pw" -file "$PKI/ca.pem" >/dev/null 2>&1
    KEYTOOL -importcert -noprompt -alias phylax-ca -file "$PKI/ca.pem" \
      -keystore "$PKI/truststore.p12" -storetype PKCS12 -storepass "$pw" >/dev/null 2>&1
  fi
  local name
  # keycloak: the server certificate of Keycloak's HTTPS listener (certificate-bound tokens, ADR 0064).
  for name in $PHYLAX_INFRA_PRINCIPALS $PHYLAX_SERVICES keycloak; do
    pki_issue "$name" "$pw"
  done
  chmod 600 "$PKI"/*.p12
}
