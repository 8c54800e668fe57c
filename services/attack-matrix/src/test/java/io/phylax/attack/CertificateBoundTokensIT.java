package io.phylax.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.phylax.testkit.Eventually;
import io.phylax.testkit.ForgedTokens;
import io.phylax.testkit.LocalStack;
import io.phylax.testkit.ServiceLogs;
import io.phylax.testkit.TlsClients;
import io.phylax.testkit.Tokens;

/**
 * Certificate-bound service tokens (RFC 8705, ADR 0064): Keycloak binds the notification service's token to the
 * certificate it presented at the HTTPS token endpoint, and the vault's internal endpoint accepts that token only
 * over a connection with that very certificate. A token stolen from the service is then worth nothing without
 * the service's private key, even to someone who holds another certificate from the same CA with the same name.
 */
class CertificateBoundTokensIT {

    private static final String NOTIFICATION = "notification";
    /** A subject id no one has: a request let through gets 404, a refused one 401 before any lookup. */
    private static final String MISSING_SUBJECT =
            UUID.nameUUIDFromBytes("cnf-probe".getBytes(StandardCharsets.UTF_8)).toString();

    private static final String CONTACT_PATH = "/internal/v1/contacts/" + MISSING_SUBJECT;

    @Test
    void notificationTokenFetchedOverTlsIsBoundToItsCertificate() throws Exception {
        JsonNode claims = Tokens.claims(Tokens.forClient(NOTIFICATION));

        assertThat(claims.path("cnf").path("x5t#S256").asText())
                .as("cnf.x5t#S256 of the token")
                .isEqualTo(thumbprint(LocalStack.get().keystore(NOTIFICATION), NOTIFICATION));
        assertThat(claims.path("iss").asText())
                .as("the issuer does not depend on the listener the token came from")
                .isEqualTo(LocalStack.get().issuer());
    }

    @Test
    void boundTokenWithItsOwnCertificateReachesTheLookup() {
        assertThat(contact(TlsClients.as(NOTIFICATION), Tokens.forClient(NOTIFICATION))
                        .statusCode())
                .as("the genuine pair reaches the lookup (404 for a missing subject)")
                .isEqualTo(404);
    }

    @Test
    void stolenTokenWithAReissuedCertificateOfTheSameNameIsRefused(@TempDir Path dir) throws Exception {
        // The thief holds the service's token and a certificate from the same CA saying CN=notification, but not
        // the service's key: the CN = azp check passes, the binding does not.
        Path reissued = issueFromTheStackCa(dir, NOTIFICATION);
        assertThat(thumbprint(reissued, NOTIFICATION))
                .isNotEqualTo(thumbprint(LocalStack.get().keystore(NOTIFICATION), NOTIFICATION));
        String token = Tokens.forClient(NOTIFICATION);
        // The genuine use first: the vault has then verified this token and answers it from its verified-token
        // cache (ADR 0094); the binding must hold for a cached token exactly as for a fresh one.
        assertThat(contact(TlsClients.as(NOTIFICATION), token).statusCode())
                .as("the genuine pair, first")
                .isEqualTo(404);
        double refusedBefore = certificateBindingRefusals();
        ServiceLogs log = ServiceLogs.mark("phi-vault");

        HttpResponse<String> response = contact(TlsClients.presenting(reissued), token);

        assertThat(response.statusCode()).as("status").isEqualTo(401);
        Pattern refusal = Pattern.compile("credential refused: reason=certificate-binding request=GET " + CONTACT_PATH);
        String logged = Eventually.within(
                Duration.ofSeconds(5),
                "the vault logs the refusal by reason",
                () -> Optional.of(log.sinceMark())
                        .filter(text -> refusal.matcher(text).find()));
        assertThat(logged).as("log").doesNotContain(token);
        assertThat(certificateBindingRefusals())
                .as("phylax_authentication_failures_total{reason=certificate-binding}")
                .isGreaterThan(refusedBefore);
    }

    @Test
    void keycloakIssuesNotificationNoTokenWithoutACertificate() {
        // Keycloak refuses the grant outright ("Client Certification missing for MTLS HoK Token Binding"), over
        // plain HTTP and over HTTPS alike, so an unbound notification token does not exist.
        LocalStack stack = LocalStack.get();
        assertThat(clientCredentials(Http.plain(), stack.issuer()).statusCode())
                .as("plain HTTP")
                .isEqualTo(400);
        assertThat(clientCredentials(TlsClients.withoutCertificate(), stack.tlsIssuerEndpoint())
                        .statusCode())
                .as("HTTPS without a certificate")
                .isEqualTo(400);
    }

    @Test
    void notificationTokenWithoutConfirmationIsRefusedByTheVault() {
        // Keycloak will not issue one, so it is minted with the realm's key: the genuine token's claims minus cnf.
        ObjectNode claims = (ObjectNode) Tokens.claims(Tokens.forClient(NOTIFICATION));
        claims.remove("cnf");
        String unbound = ForgedTokens.signedByRealm(claims);

        assertThat(contact(TlsClients.as(NOTIFICATION), unbound).statusCode()).isEqualTo(401);
    }

    @Test
    void boundTokenIsRefusedOnThePlainPortToo() {
        String token = Tokens.forClient(NOTIFICATION);
        assertThat(contact(TlsClients.as(NOTIFICATION), token).statusCode())
                .as("the genuine pair, first (the token is then cached as verified)")
                .isEqualTo(404);

        HttpResponse<String> response = Http.get(Http.baseUrl("phi-vault") + "/api/v1/whoami", token);

        assertThat(response.statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> contact(HttpClient client, String token) {
        return Http.send(
                client,
                "GET",
                Http.vaultInternalUrl() + CONTACT_PATH + "?tenant=clinic-a",
                token,
                null,
                null,
                Map.of());
    }

    /** A client-credentials request for notification at {@code realmUrl}, with whatever certificate the client has. */
    private static HttpResponse<String> clientCredentials(HttpClient client, String realmUrl) {
        String form = Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        NOTIFICATION,
                        "client_secret",
                        LocalStack.get().secret("keycloak-client-" + NOTIFICATION))
                .entrySet()
                .stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            return client.send(
                    HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The vault's {@code phylax_authentication_failures_total{reason="certificate-binding"}} (an exemplar may follow). */
    private static double certificateBindingRefusals() {
        String metrics =
                Http.get(Http.baseUrl("phi-vault") + "/q/metrics", null).body();
        Matcher value = Pattern.compile(
                        "(?m)^phylax_authentication_failures_total\\{[^}]*reason=\"certificate-binding\"[^}]*} (\\S+)")
                .matcher(metrics);
        assertThat(value.find())
                .as("the certificate-binding series is exported")
                .isTrue();
        return Double.parseDouble(value.group(1));
    }

    /**
     * A new key and a certificate for {@code cn} signed by the stack's own CA, in a PKCS#12 store under the
     * stack's store password: what someone who can get a certificate issued, but does not hold the service's key,
     * would present.
     */
    private static Path issueFromTheStackCa(Path dir, String cn) throws Exception {
        LocalStack stack = LocalStack.get();
        String password = stack.storePassword();
        Path store = dir.resolve("reissued.p12");
        Path request = dir.resolve("reissued.csr");
        Path signed = dir.resolve("reissued.crt");
        Path pki = stack.stateDir().resolve("pki");
        Keytool.generateKeyPair(store, cn, cn, password, "-keyalg", "EC", "-groupname", "secp256r1");
        Keytool.run(
                "-certreq",
                "-alias",
                cn,
                "-keystore",
                store.toString(),
                "-storepass",
                password,
                "-file",
                request.toString());
        Keytool.run(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                pki.resolve("ca.p12").toString(),
                "-storepass",
                password,
                "-infile",
                request.toString(),
                "-outfile",
                signed.toString(),
                "-rfc",
                "-validity",
                "2",
                "-ext",
                "KU=digitalSignature,keyAgreement",
                "-ext",
                "EKU=clientAuth");
        Keytool.run(
                "-importcert",
                "-noprompt",
                "-alias",
                "phylax-ca",
                "-file",
                pki.resolve("ca.pem").toString(),
                "-keystore",
                store.toString(),
                "-storepass",
                password);
        Keytool.run(
                "-importcert",
                "-noprompt",
                "-alias",
                cn,
                "-file",
                signed.toString(),
                "-keystore",
                store.toString(),
                "-storepass",
                password);
        return store;
    }

    /** RFC 8705's x5t#S256 of the certificate under {@code alias} in a PKCS#12 store of the stack's password. */
    private static String thumbprint(Path store, String alias) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, LocalStack.get().storePassword().toCharArray());
        }
        Certificate certificate = keys.getCertificate(alias);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }
}
