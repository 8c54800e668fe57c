package io.phylax.vault.adapter.in.rest;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.phylax.contract.PurposeOfUse;
import io.phylax.trust.CallerResolver;
import io.phylax.vault.application.port.in.RequestContext;
import io.phylax.vault.domain.BreakGlassReason;
import io.phylax.vault.domain.ErasureReason;

/** Reads and checks the parts of a clinic request that are not the resource: ids, headers, the caller. */
@ApplicationScoped
public class RequestParts {

    private static final Pattern IF_MATCH = Pattern.compile("^(?:W/)?\"?(\\d{1,18})\"?$");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    // The shape the event contract accepts for actor subjects, so a member can always appear in an access event.
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    static final int BREAK_GLASS_TEXT_MAX = 280;

    private final CallerResolver callers;

    @Inject
    public RequestParts(CallerResolver callers) {
        this.callers = callers;
    }

    public RequestContext context(String correlationId, String purpose) {
        // A generated id has the shape by construction; only a client's is checked.
        if (correlationId != null && !CORRELATION_ID.matcher(correlationId).matches()) {
            throw new InvalidRequestException("X-Correlation-Id", "1 to 64 letters, digits, '.', '_' or '-'");
        }
        String correlation = correlationId == null ? UUID.randomUUID().toString() : correlationId;
        return new RequestContext(callers.require(), correlation, purpose(purpose));
    }

    public static UUID id(String value, String field) {
        try {
            if (value != null && value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the refusal below.
        }
        throw new InvalidRequestException(field, "must be a UUID");
    }

    public static long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new PreconditionRequiredException();
        }
        Matcher matcher = IF_MATCH.matcher(ifMatch.strip());
        if (!matcher.matches()) {
            throw new InvalidRequestException("If-Match", "must be an ETag this API returned, such as W/\"3\"");
        }
        return Long.parseLong(matcher.group(1));
    }

    public static String idempotencyKey(String value) {
        if (value != null && !IDEMPOTENCY_KEY.matcher(value).matches()) {
            throw new InvalidRequestException(
                    "Idempotency-Key", "1 to 128 letters, digits, '.', '_', ':' or '-' (a UUID is a good choice)");
        }
        return value;
    }

    private static PurposeOfUse purpose(String value) {
        if (value == null) {
            return null;
        }
        try {
            return PurposeOfUse.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("X-Purpose-Of-Use", "must be an HL7 PurposeOfUse code such as TREAT");
        }
    }

    public static ErasureReason erasureReason(String value) {
        try {
            if (value != null) {
                return ErasureReason.valueOf(value);
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the refusal below.
        }
        throw new InvalidRequestException(
                "reason",
                "required: PATIENT_REQUEST, RETENTION_POLICY, TENANT_CLOSURE, LEGAL_ORDER or DUPLICATE_RECORD");
    }

    /** A searched {@code system|value}, as system and value; the value is never echoed in a refusal. */
    public static String[] identifier(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("identifier", "required: system|value, e.g. urn:oid:1.2.3|12345");
        }
        int bar = value.indexOf('|');
        if (value.length() > 1024 || bar < 0 || value.substring(bar + 1).isBlank()) {
            throw new InvalidRequestException(
                    "identifier", "must be system|value (at most 1024 characters, value not empty)");
        }
        return new String[] {value.substring(0, bar), value.substring(bar + 1)};
    }

    /** A break-glass reason code. */
    public static BreakGlassReason breakGlassReason(String value) {
        try {
            if (value != null) {
                return BreakGlassReason.valueOf(value);
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the refusal below.
        }
        throw new InvalidRequestException(
                "reason", "required: EMERGENCY_TREATMENT, URGENT_CONSULTATION, COVERING_CLINICIAN or PATIENT_TRANSFER");
    }

    /** The free text of a break-glass: short, one line of words. Never echoed (it may name the patient). */
    public static String breakGlassText(String value) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()
                || text.length() > BREAK_GLASS_TEXT_MAX
                || text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException(
                    "text", "required: 1 to " + BREAK_GLASS_TEXT_MAX + " characters, no control characters");
        }
        return text;
    }

    /** A care-team member: a user id as tokens carry it in {@code sub}. */
    public static String userId(String value) {
        if (value == null || !USER_ID.matcher(value).matches()) {
            throw new InvalidRequestException("userId", "must be a user id (1 to 128 of A-Z a-z 0-9 . _ : @ -)");
        }
        return value;
    }

    public static String etag(long version) {
        return "W/\"" + version + "\"";
    }
}
