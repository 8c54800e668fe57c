package io.phylax.trust.telemetry;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Keeps what a caller typed out of exported traces, in every service. The HTTP server and client
 * instrumentations record the path and the query (for example {@code identifier=system|value} of a vault
 * search, or a name sent where an id belongs) as span attributes when the span starts; this processor, which
 * Quarkus registers because it is a CDI bean, rewrites them before any exporter sees the span: every query
 * value becomes {@code REDACTED}, and every path segment that is neither a UUID nor one of the platform's route
 * words becomes {@code {redacted}}. Parameter names and the route's shape stay, so traces still show which
 * call ran. A route word missing from {@link #ROUTE_WORDS} is redacted too: the safe direction.
 */
@ApplicationScoped
public class QueryRedactingSpanProcessor implements SpanProcessor {

    static final String REDACTED = "REDACTED";
    static final String REDACTED_SEGMENT = "{redacted}";

    /** The literal segments of every route of the four services, and of Quarkus' own endpoints. */
    static final Set<String> ROUTE_WORDS = Set.of(
            "api",
            "v1",
            "q",
            "health",
            "live",
            "ready",
            "started",
            "metrics",
            "openapi",
            "patients",
            "records",
            "history",
            "_search",
            "care-team",
            "break-glass",
            "exports",
            "approve",
            "refuse",
            "file",
            "admin",
            "keys",
            "rotate",
            "rewrap",
            "min-version",
            "reindex",
            "retention",
            "tenants",
            "closure",
            "audit",
            "events",
            "disclosures",
            "tree-head",
            "public-key",
            "proofs",
            "inclusion",
            "consistency",
            "verify",
            "reports",
            "activity",
            "internal",
            "contacts",
            "whoami");

    private static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    /** Attributes that hold a path, a query, or both (older semantic conventions keep the query inside). */
    private static final List<AttributeKey<String>> WITH_PATH = List.of(
            AttributeKey.stringKey("url.full"),
            AttributeKey.stringKey("http.target"),
            AttributeKey.stringKey("http.url"),
            URL_PATH);

    private static final Pattern VALUE = Pattern.compile("=[^&]*");
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern ORIGIN = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*");

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String query = span.getAttribute(URL_QUERY);
        if (query != null) {
            span.setAttribute(URL_QUERY, redact(query));
        }
        for (AttributeKey<String> key : WITH_PATH) {
            String value = span.getAttribute(key);
            if (value != null) {
                span.setAttribute(key, redactTarget(value));
            }
        }
    }

    /** {@code a=1&b=2} becomes {@code a=REDACTED&b=REDACTED}; a bare value becomes {@code REDACTED}. */
    static String redact(String query) {
        if (query.isEmpty()) {
            return query;
        }
        return query.contains("=") ? VALUE.matcher(query).replaceAll("=" + REDACTED) : REDACTED;
    }

    /** A URL, or a path with or without a query: origin kept, path segments and query values redacted. */
    static String redactTarget(String target) {
        var origin = ORIGIN.matcher(target);
        String prefix = origin.find() ? origin.group() : "";
        String rest = target.substring(prefix.length());
        int mark = rest.indexOf('?');
        String path = mark < 0 ? rest : rest.substring(0, mark);
        String redacted = prefix + redactPath(path);
        return mark < 0 ? redacted : redacted + "?" + redact(rest.substring(mark + 1));
    }

    static String redactPath(String path) {
        String[] segments = path.split("/", -1);
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (i > 0) {
                out.append('/');
            }
            boolean keep = segment.isEmpty()
                    || ROUTE_WORDS.contains(segment)
                    || UUID.matcher(segment).matches();
            out.append(keep ? segment : REDACTED_SEGMENT);
        }
        return out.toString();
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        // Nothing to do: attributes are fixed before the span ends.
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
