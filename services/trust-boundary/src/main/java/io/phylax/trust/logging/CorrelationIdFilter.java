package io.phylax.trust.logging;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.vertx.ext.web.Router;

/**
 * Gives every HTTP request a correlation id before anything else runs (authentication included): the
 * caller's {@code X-Correlation-Id} when it is a plain token, a new UUID when there is none (set on the request,
 * so resources see the same id). It goes into the logging context (field {@code correlationId} of every JSON
 * log line of the request) and back in the response header. A malformed value is never logged or echoed: it
 * is left for the resource to refuse, and logs show {@code invalid}.
 */
@ApplicationScoped
public class CorrelationIdFilter {

    public static final String HEADER = "X-Correlation-Id";
    public static final String MDC_KEY = "correlationId";
    private static final String INVALID = "invalid";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Before the security handlers, which Quarkus installs at order -200 and later. */
    private static final int ORDER = -1_000;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(ctx -> {
            String given = ctx.request().getHeader(HEADER);
            String id;
            if (given == null || given.isBlank()) {
                id = UUID.randomUUID().toString();
                ctx.request().headers().set(HEADER, id);
            } else {
                id = isPlain(given) ? given : INVALID;
            }
            MDC.put(MDC_KEY, id);
            if (!INVALID.equals(id)) {
                ctx.addHeadersEndHandler(done -> ctx.response().headers().set(HEADER, id));
            }
            ctx.next();
        });
    }

    /** True when a correlation id may be logged and echoed as it is. */
    public static boolean isPlain(String value) {
        return value != null && PLAIN.matcher(value).matches();
    }
}
