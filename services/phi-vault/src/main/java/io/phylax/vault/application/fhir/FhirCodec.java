package io.phylax.vault.application.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IBaseXhtml;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import io.phylax.trust.rest.Problem.FieldError;
import io.phylax.vault.domain.ExportFormat;
import io.phylax.vault.domain.FhirDocument;
import io.quarkus.runtime.Startup;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;
import ca.uhn.fhir.util.IModelVisitor2;

/**
 * Parses and validates FHIR R4 JSON with HAPI FHIR's structures, strictly: unknown elements, wrong JSON
 * types and invalid values are errors naming the element, never quoting the value. Produces the canonical
 * JSON the vault stores: the id is the vault's, client-supplied version metadata is dropped.
 */
// A singleton without a client proxy, created at start: building the FHIR context takes a second.
@Singleton
@Startup
public class FhirCodec {

    /** Resource types accepted on the clinic API; everything else is refused. */
    public static final Set<String> ACCEPTED_TYPES = Set.of(
            "Patient", "Observation", "Appointment", "Communication", "DocumentReference", "QuestionnaireResponse");

    /** The longest text value accepted in any element but attachment data and the narrative. */
    public static final int MAX_TEXT_CHARS = 16_384;

    private final FhirContext fhir = FhirContext.forR4();

    private static final String ID_MEMBER = ",\"id\":\"";
    /** A FHIR id as HAPI writes it (R4 id: 1 to 64 of A-Z a-z 0-9 - .), and the quote that ends it. */
    private static final Pattern CANONICAL_ID = Pattern.compile("[A-Za-z0-9.-]{1,64}\"");

    /** Parses a request body into a canonical document of one of {@link #ACCEPTED_TYPES}. */
    public FhirDocument parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidResourceException(
                    "The request body is empty",
                    List.of(new FieldError("body", "a FHIR R4 JSON resource is required")));
        }
        CollectingErrorHandler errors = new CollectingErrorHandler();
        IBaseResource resource;
        try {
            resource = parser(errors).parseResource(body);
        } catch (DataFormatException | ClassCastException | IllegalArgumentException e) {
            // HAPI's and Jackson's messages quote the input, so they are not passed on.
            if (!errors.found.isEmpty()) {
                throw new InvalidResourceException("The resource is not valid FHIR R4", errors.found);
            }
            throw new InvalidResourceException(
                    "The request body is not a FHIR R4 JSON resource",
                    List.of(new FieldError("body", "malformed JSON, or not a known FHIR R4 resource type")));
        }
        if (!errors.found.isEmpty()) {
            throw new InvalidResourceException("The resource is not valid FHIR R4", errors.found);
        }
        // A decoded text value is never longer than the JSON that held it, so a short body needs no walk.
        List<FieldError> tooLong = body.length() <= MAX_TEXT_CHARS ? List.of() : tooLongText(resource);
        if (!tooLong.isEmpty()) {
            throw new InvalidResourceException("The resource has text longer than accepted", tooLong);
        }
        String type = fhir.getResourceType(resource);
        if (!ACCEPTED_TYPES.contains(type)) {
            throw new InvalidResourceException(
                    "The resource type is not accepted here",
                    List.of(
                            new FieldError(
                                    "resourceType",
                                    "must be Patient, Observation, Appointment, Communication, DocumentReference or QuestionnaireResponse")));
        }
        return encode((Resource) resource, ((Resource) resource).getIdElement().getIdPart());
    }

    /**
     * Every text value longer than {@link #MAX_TEXT_CHARS}, named by its element path. The body limit alone would
     * let one name or identifier fill half a megabyte (and the blind index hash it); long prose belongs in an
     * attachment, whose base64 data, like the narrative, is bounded by the body limit only.
     */
    private List<FieldError> tooLongText(IBaseResource resource) {
        List<FieldError> found = new ArrayList<>();
        fhir.newTerser().visit(resource, new IModelVisitor2() {
            @Override
            public boolean acceptElement(
                    IBase element,
                    List<IBase> containing,
                    List<BaseRuntimeChildDefinition> children,
                    List<BaseRuntimeElementDefinition<?>> definitions) {
                if (element instanceof IPrimitiveType<?> primitive
                        && !(element instanceof Base64BinaryType)
                        && !(element instanceof IBaseXhtml)
                        && primitive.getValueAsString() != null
                        && primitive.getValueAsString().length() > MAX_TEXT_CHARS) {
                    found.add(new FieldError(
                            children.stream()
                                    .map(BaseRuntimeChildDefinition::getElementName)
                                    .collect(Collectors.joining(".")),
                            "longer than " + MAX_TEXT_CHARS + " characters; send long text as an attachment"));
                }
                return true;
            }
        });
        return found;
    }

    /**
     * The same document with the vault's id in place of whatever the client sent. A canonical document (this
     * codec's own output: {@code resourceType} first, then {@code id} if any) gets the id without being parsed and
     * encoded again, which was a third of a registration's FHIR work (issue 15); anything else goes through HAPI.
     */
    public FhirDocument withId(FhirDocument document, UUID id) {
        String json = document.json();
        String head = "{\"resourceType\":\"" + document.resourceType() + "\"";
        if (json.startsWith(head)) {
            int rest = head.length();
            if (json.startsWith(ID_MEMBER, rest)) {
                Matcher existing = CANONICAL_ID.matcher(json).region(rest + ID_MEMBER.length(), json.length());
                rest = existing.lookingAt() ? existing.end() : -1;
            }
            if (rest > 0) {
                return new FhirDocument(document.resourceType(), head + ID_MEMBER + id + "\"" + json.substring(rest));
            }
        }
        return withIdThroughHapi(document, id);
    }

    /** The general way: parsed and encoded again by HAPI. */
    FhirDocument withIdThroughHapi(FhirDocument document, UUID id) {
        return encode(decode(document), id.toString());
    }

    /**
     * Binds a record to its subject: the resource's patient reference is set to {@code Patient/<subjectId>},
     * or refused if it names anyone else.
     */
    public FhirDocument bindToSubject(FhirDocument document, UUID subjectId) {
        Resource resource = decode(document);
        String expected = "Patient/" + subjectId;
        Reference reference = switch (resource) {
            case Observation o -> o.getSubject();
            case Communication c -> c.getSubject();
            case DocumentReference d -> d.getSubject();
            case QuestionnaireResponse q -> q.getSubject();
            case Appointment a -> appointmentPatient(a, expected);
            default ->
                throw new InvalidResourceException(
                        "The resource type is not a record type",
                        List.of(new FieldError("resourceType", "not a record type")));
        };
        if (reference.hasReference() && !expected.equals(reference.getReference())) {
            throw new InvalidResourceException(
                    "The record names another patient",
                    List.of(new FieldError(
                            subjectField(resource), "must reference the patient the record is filed under")));
        }
        reference.setReference(expected);
        return encode(resource, resource.getIdElement().getIdPart());
    }

    private static Reference appointmentPatient(Appointment appointment, String expected) {
        for (Appointment.AppointmentParticipantComponent participant : appointment.getParticipant()) {
            Reference actor = participant.getActor();
            if (actor.hasReference() && actor.getReference().startsWith("Patient/")) {
                return actor;
            }
        }
        Appointment.AppointmentParticipantComponent participant = appointment.addParticipant();
        participant.setStatus(Appointment.ParticipationStatus.ACCEPTED);
        return participant.getActor().setReference(expected);
    }

    private static String subjectField(Resource resource) {
        return resource instanceof Appointment ? "participant.actor" : "subject";
    }

    /**
     * The export file of ADR 18 built with HAPI's structures: one resource per line (FHIR NDJSON), or one
     * {@code collection} Bundle whose entries are the resources in the given order.
     *
     * @param resources rendered resource JSON (PHI: the result is encrypted for its recipient at once)
     */
    public byte[] exportFile(UUID exportId, List<String> resources, ExportFormat format, java.util.Date at) {
        IParser parser = fhir.newJsonParser().setPrettyPrint(false);
        List<Resource> parsed = resources.stream()
                .map(json -> (Resource) fhir.newJsonParser().parseResource(json))
                .toList();
        String file;
        if (format == ExportFormat.NDJSON) {
            StringBuilder lines = new StringBuilder();
            parsed.forEach(r -> lines.append(parser.encodeResourceToString(r)).append('\n'));
            file = lines.toString();
        } else {
            Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION).setTimestamp(at);
            bundle.setId(exportId.toString());
            for (Resource resource : parsed) {
                bundle.addEntry()
                        .setFullUrl("urn:uuid:" + resource.getIdElement().getIdPart())
                        .setResource(resource);
            }
            file = parser.encodeResourceToString(bundle);
        }
        return file.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Resource decode(FhirDocument document) {
        return (Resource) fhir.newJsonParser().parseResource(document.json());
    }

    private FhirDocument encode(Resource resource, String id) {
        resource.setId(id == null || id.isBlank() ? null : id);
        if (resource.hasMeta()) {
            // Version and time are the vault's to say (from the stream), not part of the content.
            resource.getMeta().setVersionId(null);
            resource.getMeta().setLastUpdated(null);
            if (resource.getMeta().isEmpty()) {
                resource.setMeta(null);
            }
        }
        String json = fhir.newJsonParser().setPrettyPrint(false).encodeResourceToString(resource);
        return new FhirDocument(fhir.getResourceType(resource), json);
    }

    private IParser parser(IParserErrorHandler errors) {
        return fhir.newJsonParser().setParserErrorHandler(errors);
    }

    /** Collects parse problems by element, deliberately ignoring the offending values. */
    private static final class CollectingErrorHandler implements IParserErrorHandler {

        private final List<FieldError> found = new ArrayList<>();

        private void add(IParseLocation location, String element, String reason) {
            String parent = location == null ? null : location.getParentElementName();
            String field = element == null ? parent : (parent == null ? element : parent + "." + element);
            found.add(new FieldError(field == null ? "body" : field, reason));
        }

        @Override
        public void containedResourceWithNoId(IParseLocation location) {
            add(location, "contained", "contained resources need an id");
        }

        @Override
        public void incorrectJsonType(
                IParseLocation location,
                String element,
                ValueType expected,
                ScalarType expectedScalar,
                ValueType found,
                ScalarType foundScalar) {
            add(location, element, "wrong JSON type: expected " + describe(expected, expectedScalar));
        }

        @Override
        public void invalidValue(IParseLocation location, String value, String error) {
            add(location, null, "invalid value for this element");
        }

        @Override
        public void missingRequiredElement(IParseLocation location, String element) {
            add(location, element, "required");
        }

        @Override
        public void unexpectedRepeatingElement(IParseLocation location, String element) {
            add(location, element, "may appear only once");
        }

        @Override
        public void unknownAttribute(IParseLocation location, String attribute) {
            add(location, attribute, "unknown attribute");
        }

        @Override
        public void unknownElement(IParseLocation location, String element) {
            add(location, element, "unknown element");
        }

        @Override
        public void unknownReference(IParseLocation location, String reference) {
            add(location, null, "reference does not resolve");
        }

        @Override
        public void invalidInternalReference(IParseLocation location, String reference) {
            add(location, null, "internal reference does not resolve");
        }

        @Override
        public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
            add(location, "extension", "an extension has either a value or nested extensions");
        }

        private static String describe(ValueType type, ScalarType scalar) {
            return scalar == null
                    ? String.valueOf(type).toLowerCase()
                    : String.valueOf(scalar).toLowerCase();
        }
    }
}
