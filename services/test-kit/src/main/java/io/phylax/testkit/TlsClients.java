package io.phylax.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** HTTP clients that speak TLS to the platform's services, with or without a principal's client certificate. */
public final class TlsClients {

    private TlsClients() {}

    /** A client presenting {@code principal}'s certificate (e.g. {@code notification}) and trusting the local CA. */
    public static HttpClient as(String principal) {
        return client(LocalStack.get().keystore(principal));
    }

    /**
     * A client presenting the key and certificate in {@code keystore} (PKCS#12 under the stack's store password),
     * e.g. one a test issued itself, and trusting the local CA.
     */
    public static HttpClient presenting(Path keystore) {
        return client(keystore);
    }

    /** A client that trusts the local CA but presents no certificate. */
    public static HttpClient withoutCertificate() {
        return client(null);
    }

    private static HttpClient client(Path keystore) {
        LocalStack stack = LocalStack.get();
        char[] password = stack.storePassword().toCharArray();
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(stack.truststore(), password));
            KeyManagerFactory keys = null;
            if (keystore != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keystore, password), password);
            }
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(tls)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS client from the local PKI", e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }
}
