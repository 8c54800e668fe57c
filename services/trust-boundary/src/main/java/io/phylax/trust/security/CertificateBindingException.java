package io.phylax.trust.security;

/**
 * A token refused because it is not bound to the client certificate of the connection it came over (RFC 8705,
 * ADR 0064). It carries no message: what the token claimed and what the connection presented stay out of logs.
 */
public final class CertificateBindingException extends SecurityException {

    private static final long serialVersionUID = 1L;

    public CertificateBindingException() {
        super("certificate-binding");
    }
}
