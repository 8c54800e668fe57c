package io.phylax.audit.adapter.in.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.phylax.audit.application.InvalidRequestException;
import io.phylax.contract.AccessAction;
import io.phylax.contract.AccessOutcome;
import io.phylax.contract.ReferenceEventType;

/** Reads query and path values; a bad one is refused naming the field and the rule, never echoing the value. */
final class QueryParams {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");
    // The contract's shape for an actor's token subject.
    private static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    private static final Set<String> ACTIONS = Stream.concat(
                    Arrays.stream(AccessAction.values()).map(Enum::name),
                    Arrays.stream(ReferenceEventType.values()).map(Enum::name))
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> OUTCOMES =
            Arrays.stream(AccessOutcome.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());

    private QueryParams() {}

    static UUID uuid(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the refusal below.
        }
        throw new InvalidRequestException(field, "must be a UUID");
    }

    static String actor(String value) {
        if (value != null && !ACTOR.matcher(value).matches()) {
            throw new InvalidRequestException("actor", "must be a token subject: 1 to 128 of A-Z a-z 0-9 . _ : @ -");
        }
        return value;
    }

    static String action(String value) {
        if (value != null && !ACTIONS.contains(value)) {
            throw new InvalidRequestException(
                    "action", "must be an access action (READ, EXPORT, BREAK_GLASS, ...) or a reference event type");
        }
        return value;
    }

    static String outcome(String value) {
        if (value != null && !OUTCOMES.contains(value)) {
            throw new InvalidRequestException("outcome", "must be one of " + String.join(", ", sorted(OUTCOMES)));
        }
        return value;
    }

    static Instant instant(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, "must be an ISO-8601 instant such as 2025-01-31T09:30:00Z");
        }
    }

    /** Requires {@code from} to come before {@code to} when both are set. */
    static void range(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRequestException("to", "must be later than from");
        }
    }

    static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        if (!NUMBER.matcher(value).matches() || Long.parseLong(value) < 1 || Long.parseLong(value) > MAX_LIMIT) {
            throw new InvalidRequestException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        return Integer.parseInt(value);
    }

    /** The sequence number to continue after, or -1 for the first page. */
    static long cursor(String value) {
        if (value == null) {
            return -1;
        }
        if (!NUMBER.matcher(value).matches()) {
            throw new InvalidRequestException("cursor", "must be a nextCursor this API returned");
        }
        return Long.parseLong(value);
    }

    /** A non-negative whole number (a sequence number or a tree size), or null when absent. */
    static Long number(String value, String field) {
        if (value == null) {
            return null;
        }
        if (!NUMBER.matcher(value).matches()) {
            throw new InvalidRequestException(field, "must be a non-negative whole number");
        }
        return Long.parseLong(value);
    }

    static long requiredNumber(String value, String field) {
        if (value == null) {
            throw new InvalidRequestException(field, "is required");
        }
        return number(value, field);
    }

    private static Iterable<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
