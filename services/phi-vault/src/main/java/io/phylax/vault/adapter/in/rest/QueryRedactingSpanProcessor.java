package io.phylax.vault.adapter.in.rest;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Keeps query-string values out of exported traces. The HTTP server instrumentation records the query (for
 * example {@code identifier=system|value} of a search) as a span attribute when the span starts; this
 * processor, which Quarkus registers because it is a CDI bean, overwrites every value with {@code REDACTED}
 * before any exporter sees the span. Parameter names stay, so traces still show which search ran.
 */
@ApplicationScoped
public class QueryRedactingSpanProcessor implements SpanProcessor {

    static final String REDACTED = "REDACTED";

    private static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    /** Older semantic conventions keep the query inside these. */
    private static final List<AttributeKey<String>> WITH_QUERY = List.of(
            AttributeKey.stringKey("url.full"),
            AttributeKey.stringKey("http.target"),
            AttributeKey.stringKey("http.url"));

    private static final Pattern VALUE = Pattern.compile("=[^&]*");

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String query = span.getAttribute(URL_QUERY);
        if (query != null) {
            span.setAttribute(URL_QUERY, redact(query));
        }
        for (AttributeKey<String> key : WITH_QUERY) {
            String value = span.getAttribute(key);
            int mark = value == null ? -1 : value.indexOf('?');
            if (mark >= 0) {
                span.setAttribute(key, value.substring(0, mark + 1) + redact(value.substring(mark + 1)));
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
