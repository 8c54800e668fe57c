package io.phylax.attack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.phylax.testkit.DemoRealm;

/**
 * Every route each running service publishes in its OpenAPI document ({@code /q/openapi}), so a route added
 * to a service is in the matrix the next time it runs, and must be classified before the matrix passes.
 */
final class RouteCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    /** One operation of one service, with the names of its parameters and the media type of its body. */
    record Route(String service, String method, String path, List<String> parameters, String bodyType) {

        String key() {
            return service + " " + method + " " + path;
        }

        @Override
        public String toString() {
            return key();
        }
    }

    private RouteCatalog() {}

    static List<Route> all() {
        List<Route> routes = new ArrayList<>();
        for (String service : DemoRealm.SERVICES) {
            routes.addAll(of(service));
        }
        return routes;
    }

    static List<Route> of(String service) {
        JsonNode document;
        try {
            document = JSON.readTree(Http.get(Http.baseUrl(service) + "/q/openapi?format=json", null)
                    .body());
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document of " + service + " is not JSON", e);
        }
        List<Route> routes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        document.path("paths").fields();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                List<String> parameters = new ArrayList<>();
                op.getValue()
                        .path("parameters")
                        .forEach(p -> parameters.add(p.path("name").asText()));
                Iterator<String> types =
                        op.getValue().path("requestBody").path("content").fieldNames();
                routes.add(new Route(
                        service,
                        op.getKey().toUpperCase(),
                        path.getKey(),
                        List.copyOf(parameters),
                        types.hasNext() ? types.next() : null));
            }
        }
        if (routes.isEmpty()) {
            throw new IllegalStateException(service + " publishes no routes in its OpenAPI document");
        }
        return routes;
    }
}
