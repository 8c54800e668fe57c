package io.phylax.vault.application.fhir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.phylax.vault.domain.FhirDocument;
import io.phylax.vault.domain.access.AccessPolicy;
import io.phylax.vault.domain.access.View;

/**
 * Renders a stored resource as one role may see it (minimum necessary), with the vault's version and time
 * in {@code meta}. Partial views keep whole top-level elements; the masked view keeps only ids and
 * metadata and labels the resource REDACTED.
 */
@ApplicationScoped
public class FhirViews {

    /** Elements every view that shows anything keeps. */
    private static final Set<String> ALWAYS = Set.of("resourceType", "id", "meta");

    private static final String REDACTED_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

    private final ObjectMapper json = new ObjectMapper();

    /** The document in the given view; {@link View#NONE} must be refused before calling this. */
    public String render(FhirDocument document, View view, long version, Instant lastUpdated) {
        ObjectNode resource = read(document);
        switch (view) {
            case FULL -> {}
            case SCHEDULING, BILLING, SCHEDULING_AND_BILLING -> retain(resource, AccessPolicy.patientElements(view));
            case MASKED -> {
                retain(resource, Set.of());
                resource.putObject("meta")
                        .putArray("security")
                        .addObject()
                        .put("system", REDACTED_SYSTEM)
                        .put("code", "REDACTED");
            }
            case NONE -> throw new IllegalArgumentException("nothing to render for a refused view");
        }
        ObjectNode meta = resource.has("meta") ? (ObjectNode) resource.get("meta") : resource.putObject("meta");
        meta.put("versionId", Long.toString(version));
        meta.put("lastUpdated", lastUpdated.toString());
        return resource.toString();
    }

    /**
     * The top-level elements of {@code submitted} that a writer with {@code writeView} may not set, for a
     * clear refusal. FULL may set everything.
     */
    public List<String> elementsOutside(FhirDocument submitted, View writeView) {
        if (writeView == View.FULL) {
            return List.of();
        }
        Set<String> allowed = allowedElements(writeView);
        List<String> outside = new ArrayList<>();
        read(submitted).fieldNames().forEachRemaining(name -> {
            if (!ALWAYS.contains(name) && !allowed.contains(name)) {
                outside.add(name);
            }
        });
        return outside;
    }

    /**
     * Merges a partial writer's submission into the current resource: elements inside the writer's view
     * come from the submission (absent means removed), everything else is kept as it was.
     */
    public FhirDocument merge(FhirDocument current, FhirDocument submitted, View writeView) {
        if (writeView == View.FULL) {
            return submitted;
        }
        ObjectNode merged = read(current);
        ObjectNode incoming = read(submitted);
        for (String element : allowedElements(writeView)) {
            JsonNode value = incoming.get(element);
            if (value == null) {
                merged.remove(element);
            } else {
                merged.set(element, value);
            }
        }
        return new FhirDocument(current.resourceType(), merged.toString());
    }

    private static Set<String> allowedElements(View view) {
        return AccessPolicy.patientElements(view);
    }

    private static void retain(ObjectNode resource, Set<String> keep) {
        Iterator<String> names = resource.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!ALWAYS.contains(name) && !keep.contains(name)) {
                names.remove();
            }
        }
        resource.remove("meta");
    }

    private ObjectNode read(FhirDocument document) {
        try {
            return (ObjectNode) json.readTree(document.json());
        } catch (IOException e) {
            throw new UncheckedIOException("stored resource is not JSON", e);
        }
    }
}
