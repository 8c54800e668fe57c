package io.phylax.contract;

import java.util.regex.Pattern;

/**
 * The field rules the event records enforce in their constructors. Each rule is a narrow shape (a slug, a
 * token, a URL without query) so that no free text, and so no PHI, can ride along in a string field.
 */
final class Constraints {

    static final String TENANT_RULE = "must match [a-z0-9][a-z0-9-]{0,62}";
    static final String CORRELATION_ID_RULE = "must match [A-Za-z0-9._-]{1,64}";
    static final String PRINCIPAL_NAME_RULE = "must match [A-Za-z0-9._:@-]{1,128}";
    static final int MAX_ISSUER_LENGTH = 255;
    static final String ISSUER_RULE = "must be an http(s) URL of at most " + MAX_ISSUER_LENGTH
            + " characters with no user info, query, fragment or percent-escapes";

    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PRINCIPAL_NAME = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    // Host (name, IPv4 or bracketed IPv6), optional port, then plain path segments. Leaving out '?', '#',
    // '%' and '@' rules out a query, a fragment, encoded text and user info. Segments cannot contain '/',
    // so matching stays linear.
    private static final Pattern ISSUER =
            Pattern.compile("https?://(?:[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~-]*)*");

    private Constraints() {}

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new ContractViolation(field, "is required");
        }
        return value;
    }

    static String tenant(String value, String field) {
        return matching(value, field, TENANT, TENANT_RULE);
    }

    static String correlationId(String value, String field) {
        return matching(value, field, CORRELATION_ID, CORRELATION_ID_RULE);
    }

    static String principalName(String value, String field) {
        return matching(value, field, PRINCIPAL_NAME, PRINCIPAL_NAME_RULE);
    }

    static String issuer(String value, String field) {
        required(value, field);
        // Length first, so an oversized value is refused before any pattern work.
        if (value.length() > MAX_ISSUER_LENGTH || !ISSUER.matcher(value).matches()) {
            throw new ContractViolation(field, ISSUER_RULE);
        }
        return value;
    }

    private static String matching(String value, String field, Pattern pattern, String rule) {
        required(value, field);
        if (!pattern.matcher(value).matches()) {
            throw new ContractViolation(field, rule);
        }
        return value;
    }
}
