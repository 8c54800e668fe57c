package io.phylax.vault.adapter.out.persistence;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/** The current span's W3C {@code traceparent}, kept with an outbox row; null when nothing is being traced. */
final class TraceParent {

    private TraceParent() {}

    static String current() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                + span.getTraceFlags().asHex();
    }
}
