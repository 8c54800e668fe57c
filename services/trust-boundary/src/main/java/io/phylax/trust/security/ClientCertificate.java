package io.phylax.trust.security;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.vertx.core.http.HttpServerRequest;

/** The client certificate a request came with: the leaf of the chain the TLS handshake verified. */
public final class ClientCertificate {

    private ClientCertificate() {}

    /** The verified client certificate, if the request came over TLS with one. */
    public static Optional<X509Certificate> of(HttpServerRequest request) {
        SSLSession session = request.isSSL() ? request.sslSession() : null;
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Optional.of(leaf) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }
}
