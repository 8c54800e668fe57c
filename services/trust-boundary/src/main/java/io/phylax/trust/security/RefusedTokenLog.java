package io.phylax.trust.security;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.vertx.ext.web.RoutingContext;

/**
 * Logs every refused credential with a reason code (expired, audience-invalid, unknown-key, ...), the
 * method and the path, and nothing else: never the token, never a claim value, never the query string
 * (ADR 0062). Exception messages are not logged because jose4j puts the token's claims into them.
 */
@ApplicationScoped
public class RefusedTokenLog {

    private static final Logger LOG = Logger.getLogger(RefusedTokenLog.class);

    void onAuthenticationFailure(@Observes AuthenticationFailureEvent event) {
        String request = event.getEventProperties().values().stream()
                .filter(RoutingContext.class::isInstance)
                .map(RoutingContext.class::cast)
                .findFirst()
                .map(rc -> rc.request().method() + " " + rc.normalizedPath())
                .orElse("-");
        LOG.warnf("credential refused: reason=%s request=%s", reason(event.getAuthenticationFailure()), request);
    }

    /** The reason codes of a refusal, from the exception chain's types and jose4j's error codes only. */
    public static String reason(Throwable failure) {
        Set<String> reasons = new LinkedHashSet<>();
        for (Throwable t = failure; t != null && reasons.size() < 8; t = t.getCause()) {
            if (t instanceof CertificateBindingException) {
                // A genuine token over a connection without its certificate (ADR 0064).
                reasons.add("certificate-binding");
            } else if (t instanceof InvalidJwtException invalid) {
                for (ErrorCodeValidator.Error detail : invalid.getErrorDetails()) {
                    // "Miscellaneous" says nothing; the cause chain usually says more (e.g. the algorithm).
                    if (detail.getErrorCode() != ErrorCodes.MISCELLANEOUS) {
                        reasons.add(codeName(detail.getErrorCode()));
                    }
                }
            } else if (t.getClass().getSimpleName().equals("UnresolvableKeyException")
                    || t.getClass().getSimpleName().equals("OIDCException")) {
                // Quarkus OIDC fails this way when no published key fits the token's kid and algorithm.
                reasons.add("key-not-resolvable");
            } else if (t.getClass().getSimpleName().equals("InvalidAlgorithmException")) {
                reasons.add("algorithm-not-allowed");
            }
        }
        if (reasons.isEmpty()) {
            reasons.add(
                    failure == null
                            ? "unknown"
                            : failure.getCause() == null
                                    ? "no-valid-credential"
                                    : "invalid-token:"
                                            + rootOf(failure).getClass().getSimpleName());
        }
        StringJoiner joined = new StringJoiner(",");
        reasons.forEach(joined::add);
        return joined.toString();
    }

    private static Throwable rootOf(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    static String codeName(int code) {
        return switch (code) {
            case ErrorCodes.EXPIRED -> "expired";
            case ErrorCodes.EXPIRATION_MISSING -> "expiration-missing";
            case ErrorCodes.ISSUED_AT_MISSING -> "issued-at-missing";
            case ErrorCodes.EXPIRATION_TOO_FAR_IN_FUTURE -> "expiration-too-far";
            case ErrorCodes.NOT_YET_VALID -> "not-yet-valid";
            case ErrorCodes.AUDIENCE_MISSING -> "audience-missing";
            case ErrorCodes.AUDIENCE_INVALID -> "audience-invalid";
            case ErrorCodes.SIGNATURE_INVALID -> "signature-invalid";
            case ErrorCodes.SIGNATURE_MISSING -> "signature-missing";
            case ErrorCodes.ISSUER_MISSING -> "issuer-missing";
            case ErrorCodes.ISSUER_INVALID -> "issuer-invalid";
            case ErrorCodes.SUBJECT_MISSING -> "subject-missing";
            case ErrorCodes.JSON_INVALID -> "malformed";
            case ErrorCodes.MALFORMED_CLAIM -> "malformed-claim";
            case ErrorCodes.TYPE_INVALID -> "type-invalid";
            case ErrorCodes.ISSUED_AT_INVALID_FUTURE -> "issued-in-future";
            case ErrorCodes.ISSUED_AT_INVALID_PAST -> "issued-too-long-ago";
            default -> "jwt-error-" + code;
        };
    }
}
