package io.phylax.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.phylax.testkit.LocalStack;
import io.phylax.testkit.TlsClients;
import io.phylax.testkit.Tokens;

/**
 * The vault's internal contact endpoint on its TLS port, which asks for a client certificate: only the
 * notification service's certificate together with the notification service's token gets through. Every
 * other combination is refused (a failed handshake, 401 or 403) before any subject is looked up. The token's
 * binding to the very certificate (RFC 8705) is {@link CertificateBoundTokensIT}.
 */
class InternalMtlsIT {

    /** A subject id no one has: the one combination allowed through gets 404, every other is refused first. */
    private static final String MISSING_SUBJECT =
            UUID.nameUUIDFromBytes("mtls-probe".getBytes()).toString();

    @Test
    void notificationCertificateAndTokenReachTheEndpoint() {
        assertThat(contact(TlsClients.as("notification"), Tokens.forClient("notification")))
                .as("the allowed combination reaches the lookup (404 for a missing subject)")
                .isEqualTo(404);
    }

    @Test
    void requestWithoutCertificateIsRefused() {
        assertThat(contact(TlsClients.withoutCertificate(), Tokens.forClient("notification")))
                .isIn(401, 403);
    }

    @Test
    void internalEndpointOnThePlainPortIsRefused() {
        HttpResponse<String> response = Http.get(
                Http.baseUrl("phi-vault") + "/internal/v1/contacts/" + MISSING_SUBJECT + "?tenant=clinic-a",
                Tokens.forClient("notification"));

        assertThat(response.statusCode()).isIn(401, 403);
    }

    @Test
    void selfSignedCertificateWithTheNotificationServicesNameIsRefused(@TempDir Path dir) throws Exception {
        HttpClient impostor = clientPresenting(selfSigned(dir, "notification"));

        assertThat(contact(impostor, Tokens.forClient("notification"))).isIn(-1, 401, 403);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"phi-vault", "audit", "reporting"})
    void anotherServicesCertificateWithTheNotificationTokenIsRefused(String certificateOf) {
        assertThat(contact(TlsClients.as(certificateOf), Tokens.forClient("notification")))
                .isIn(401, 403);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"phi-vault", "audit", "reporting"})
    void notificationCertificateWithAnotherServicesTokenIsRefused(String tokenOf) {
        assertThat(contact(TlsClients.as("notification"), Tokens.forClient(tokenOf)))
                .isIn(401, 403);
    }

    /** The status of a contact lookup, or -1 when the TLS handshake itself was refused. */
    private static int contact(HttpClient client, String token) {
        String url = Http.vaultInternalUrl() + "/internal/v1/contacts/" + MISSING_SUBJECT + "?tenant=clinic-a";
        try {
            return Http.send(client, "GET", url, token, null, null, Map.of()).statusCode();
        } catch (java.io.UncheckedIOException refused) {
            return -1;
        }
    }

    /** A PKCS#12 store with a fresh self-signed certificate for {@code cn}, made by the JDK's keytool. */
    private static Path selfSigned(Path dir, String cn) throws Exception {
        Path store = dir.resolve("impostor.p12");
        Keytool.generateKeyPair(store, "impostor", cn, "impostor", "-keyalg", "RSA", "-keysize", "2048");
        return store;
    }

    /**
     * A client that presents the certificate in {@code store} whatever CAs the server asks for (the JDK would
     * otherwise send nothing, since no platform CA signed it), trusting the local CA for the server.
     */
    private static HttpClient clientPresenting(Path store) throws GeneralSecurityException, IOException {
        char[] password = "impostor".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        X509KeyManager own = (X509KeyManager) kmf.getKeyManagers()[0];
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(LocalStack.get().truststore())) {
            trust.load(in, LocalStack.get().storePassword().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new X509ExtendedKeyManager[] {new AlwaysPresent(own)}, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls)
                .build();
    }

    /** Presents the one certificate it holds, whatever the server's list of acceptable issuers says. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {

        private final X509KeyManager delegate;

        AlwaysPresent(X509KeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "impostor";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "impostor";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return List.of("impostor").toArray(String[]::new);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }
}
