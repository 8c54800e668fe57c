package io.phylax.trust.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.phylax.trust.config.TrustConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Holds certificate-bound access tokens (RFC 8705) to their certificate (ADR 0064): a token with a confirmation
 * claim ({@code cnf}) is accepted only over TLS with the client certificate whose SHA-256 thumbprint it names,
 * on every path; on the certificate-bound paths ({@code phylax.trust.certificate-bound-paths}, the vault's
 * {@code /internal}) a token without one is refused as well. Anything else fails authentication (401) with a
 * {@link CertificateBindingException}, which {@link RefusedTokenLog} logs as {@code certificate-binding}.
 *
 * <p>Runs as an augmentor, after Quarkus OIDC has verified the token, so only a genuine token is compared.
 */
@ApplicationScoped
public class CertificateBoundTokens implements SecurityIdentityAugmentor {

    static final String CONFIRMATION_CLAIM = "cnf";
    static final String THUMBPRINT_MEMBER = "x5t#S256";

    private final List<String> boundPaths;

    @Inject
    CertificateBoundTokens(TrustConfig config) {
        this(config.certificateBoundPaths().orElse(List.of()));
    }

    CertificateBoundTokens(List<String> boundPaths) {
        this.boundPaths = boundPaths.stream()
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .map(p -> p.endsWith("/") ? p.substring(0, p.length() - 1) : p)
                .toList();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return augment(identity, context, Map.of());
    }

    @Override
    public Uni<SecurityIdentity> augment(
            SecurityIdentity identity, AuthenticationRequestContext context, Map<String, Object> attributes) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        RoutingContext request = HttpSecurityUtils.getRoutingContextAttribute(attributes);
        if (request == null) {
            request = identity.getAttribute(RoutingContext.class.getName());
        }
        boolean boundPath = request != null && isCertificateBoundPath(request.normalizedPath());
        Optional<String> presented =
                request == null ? Optional.empty() : clientCertificateThumbprint(request.request());
        if (accepted(confirmation(token), presented, boundPath)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().failure(new AuthenticationFailedException(new CertificateBindingException()));
    }

    /**
     * The decision: an unbound token passes outside the bound paths; a bound one only with the certificate it
     * names. {@code confirmation} is empty for a token without {@code cnf}, and blank for a {@code cnf} this
     * check cannot honour (no {@code x5t#S256}, e.g. a DPoP key), which matches no certificate.
     */
    static boolean accepted(Optional<String> confirmation, Optional<String> presented, boolean boundPath) {
        if (confirmation.isEmpty()) {
            return !boundPath;
        }
        return presented.isPresent()
                && !confirmation.get().isBlank()
                && MessageDigest.isEqual(
                        confirmation.get().getBytes(StandardCharsets.US_ASCII),
                        presented.get().getBytes(StandardCharsets.US_ASCII));
    }

    boolean isCertificateBoundPath(String path) {
        if (path == null) {
            return false;
        }
        // Empty segments ("//internal") must not step around the prefix.
        String normal = path.replaceAll("/{2,}", "/");
        return boundPaths.stream().anyMatch(p -> normal.equals(p) || normal.startsWith(p + "/"));
    }

    /** The {@code cnf.x5t#S256} of a token: empty without {@code cnf}, blank when {@code cnf} names no thumbprint. */
    static Optional<String> confirmation(JsonWebToken token) {
        Object cnf = token.getClaim(CONFIRMATION_CLAIM);
        if (cnf == null || cnf == JsonValue.NULL) {
            return Optional.empty();
        }
        Object thumbprint = null;
        if (cnf instanceof JsonObject json && json.get(THUMBPRINT_MEMBER) instanceof JsonString value) {
            thumbprint = value.getString();
        } else if (cnf instanceof Map<?, ?> map) {
            thumbprint = map.get(THUMBPRINT_MEMBER);
        }
        return Optional.of(thumbprint instanceof String s ? s : "");
    }

    /** The base64url SHA-256 thumbprint of the verified client certificate, if the request came over TLS with one. */
    static Optional<String> clientCertificateThumbprint(HttpServerRequest request) {
        try {
            Optional<X509Certificate> certificate = ClientCertificate.of(request);
            return certificate.isEmpty()
                    ? Optional.empty()
                    : Optional.of(thumbprint(certificate.get().getEncoded()));
        } catch (CertificateEncodingException e) {
            return Optional.empty();
        }
    }

    /** RFC 8705 §3.1: base64url (no padding) of the SHA-256 of the certificate's DER encoding. */
    static String thumbprint(byte[] der) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
