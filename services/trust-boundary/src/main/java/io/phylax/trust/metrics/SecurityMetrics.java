package io.phylax.trust.metrics;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.phylax.trust.security.MfaRequiredResponse;
import io.phylax.trust.security.MfaStepUp;
import io.phylax.trust.security.RefusedTokenLog;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.quarkus.security.spi.runtime.AuthorizationFailureEvent;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The security counters every service exposes for the alerts of ADR 0052:
 * {@code phylax_authentication_failures_total{reason}} for refused credentials and
 * {@code phylax_access_denials_total{reason}} for authenticated callers refused an operation (403). Labels are
 * reason codes from a fixed set, never a token, a user, an id or a path.
 */
@ApplicationScoped
public class SecurityMetrics {

    static final String AUTHENTICATION_FAILURES = "phylax_authentication_failures";
    static final String ACCESS_DENIALS = "phylax_access_denials";
    static final String MISSING_ROLE = "missing-role";
    static final String FORBIDDEN = "forbidden";
    /** A 403 to a caller whose tenant-admin or auditor role was withheld for want of OTP (ADR 0063). */
    static final String MFA_REQUIRED = MfaRequiredResponse.REASON;

    static final String OTHER = "other";
    /** Reason codes of RefusedTokenLog that may become a label; anything else is counted as "other". */
    static final Set<String> AUTHENTICATION_REASONS = Set.of(
            "expired",
            "not-yet-valid",
            "audience-missing",
            "audience-invalid",
            "signature-invalid",
            "signature-missing",
            "issuer-invalid",
            "issuer-missing",
            "malformed",
            "malformed-claim",
            "type-invalid",
            "key-not-resolvable",
            "algorithm-not-allowed",
            "no-valid-credential",
            "invalid-token",
            "issued-in-future",
            "expiration-missing",
            "certificate-binding");

    private static final String COUNTED = SecurityMetrics.class.getName() + ".counted";
    private static final int ORDER = -999;

    @Inject
    MeterRegistry registry;

    /** Registers every series at zero, so that the first failure is an increase an alert can see. */
    void register(@Observes StartupEvent started) {
        AUTHENTICATION_REASONS.forEach(reason -> counter(AUTHENTICATION_FAILURES, reason));
        counter(AUTHENTICATION_FAILURES, OTHER);
        List.of(MISSING_ROLE, FORBIDDEN, MFA_REQUIRED).forEach(reason -> counter(ACCESS_DENIALS, reason));
    }

    void onAuthenticationFailure(@Observes AuthenticationFailureEvent event) {
        counter(AUTHENTICATION_FAILURES, authenticationReason(RefusedTokenLog.reason(event.getAuthenticationFailure())))
                .increment();
    }

    void onAuthorizationFailure(@Observes AuthorizationFailureEvent event) {
        counter(ACCESS_DENIALS, denialReason(event.getSecurityIdentity(), MISSING_ROLE))
                .increment();
        event.getEventProperties().values().stream()
                .filter(RoutingContext.class::isInstance)
                .map(RoutingContext.class::cast)
                .findFirst()
                .ifPresent(ctx -> ctx.put(COUNTED, Boolean.TRUE));
    }

    /** A 403 that no authorization event counted (a service's own rule refused the caller). */
    void install(@Observes Router router) {
        router.route().order(ORDER).handler(ctx -> {
            ctx.addHeadersEndHandler(done -> {
                if (ctx.response().getStatusCode() == 403 && ctx.get(COUNTED) == null) {
                    SecurityIdentity caller =
                            ctx.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
                    counter(ACCESS_DENIALS, denialReason(caller, FORBIDDEN)).increment();
                }
            });
            ctx.next();
        });
    }

    /** {@code mfa-required} when the caller's MFA roles were withheld (ADR 0063), else {@code otherwise}. */
    static String denialReason(SecurityIdentity caller, String otherwise) {
        return MfaStepUp.withheld(caller).isEmpty() ? otherwise : MFA_REQUIRED;
    }

    /** The label for RefusedTokenLog's reason list: its first code when that code is known. */
    static String authenticationReason(String reasons) {
        String first = reasons == null ? "" : reasons.split(",", 2)[0];
        if (first.startsWith("invalid-token:")) {
            first = "invalid-token";
        }
        return AUTHENTICATION_REASONS.contains(first) ? first : OTHER;
    }

    private Counter counter(String name, String reason) {
        return Counter.builder(name).tag("reason", reason).register(registry);
    }
}
