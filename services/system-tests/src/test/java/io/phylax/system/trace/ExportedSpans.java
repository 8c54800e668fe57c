package io.phylax.system.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

/**
 * The spans the services exported to the local OTLP sink, parsed with the OTLP protobuf classes. The sink appends
 * each export request as it came; concatenated protobuf messages of one type read as one message whose repeated
 * fields are joined, so the whole file is one {@link ExportTraceServiceRequest}.
 */
record ExportedSpans(List<Span> spans) {

    /** One span: the exporting service, its ids (hex), name, kind and every attribute as text. */
    record Span(
            String service,
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            String kind,
            Map<String, String> attributes) {}

    static ExportedSpans read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new ExportedSpans(List.of());
        }
        ExportTraceServiceRequest all = ExportTraceServiceRequest.parseFrom(Files.readAllBytes(file));
        HexFormat hex = HexFormat.of();
        List<Span> spans = new ArrayList<>();
        for (ResourceSpans resource : all.getResourceSpansList()) {
            String service = text(resource.getResource().getAttributesList()).getOrDefault("service.name", "?");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
                    spans.add(new Span(
                            service,
                            hex.formatHex(span.getTraceId().toByteArray()),
                            hex.formatHex(span.getSpanId().toByteArray()),
                            hex.formatHex(span.getParentSpanId().toByteArray()),
                            span.getName(),
                            span.getKind().name(),
                            text(span.getAttributesList())));
                }
            }
        }
        return new ExportedSpans(spans);
    }

    /** The spans of one trace. */
    List<Span> ofTrace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    private static Map<String, String> text(List<KeyValue> attributes) {
        return attributes.stream()
                .collect(Collectors.toMap(
                        KeyValue::getKey,
                        kv -> kv.getValue().hasStringValue()
                                ? kv.getValue().getStringValue()
                                : kv.getValue().toString().strip(),
                        (a, b) -> a));
    }
}
