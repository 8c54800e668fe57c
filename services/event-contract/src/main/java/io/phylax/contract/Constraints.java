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

    // The three token shapes are checked character by character: they are tested on every access event, and a
    // regular expression's matcher cost a measurable share of the vault's CPU per read.
    private static final String CORRELATION_ID_EXTRA = "._-";
    private static final String PRINCIPAL_NAME_EXTRA = "._:@-";
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
        required(value, field);
        int length = value.length();
        boolean ok = length >= 1 && length <= 63 && isLowerOrDigit(value.charAt(0));
        for (int i = 1; ok && i < length; i++) {
            char c = value.charAt(i);
            ok = isLowerOrDigit(c) || c == '-';
        }
        if (!ok) {
            throw new ContractViolation(field, TENANT_RULE);
        }
        return value;
    }

    static String correlationId(String value, String field) {
        return token(value, field, 64, CORRELATION_ID_EXTRA, CORRELATION_ID_RULE);
    }

    static String principalName(String value, String field) {
        return token(value, field, 128, PRINCIPAL_NAME_EXTRA, PRINCIPAL_NAME_RULE);
    }

    static String issuer(String value, String field) {
        required(value, field);
        // Length first, so an oversized value is refused before any pattern work.
        if (value.length() > MAX_ISSUER_LENGTH || !ISSUER.matcher(value).matches()) {
            throw new ContractViolation(field, ISSUER_RULE);
        }
        return value;
    }

    /** 1 to {@code maxLength} ASCII letters, digits and characters of {@code extra}. */
    private static String token(String value, String field, int maxLength, String extra, String rule) {
        required(value, field);
        int length = value.length();
        boolean ok = length >= 1 && length <= maxLength;
        for (int i = 0; ok && i < length; i++) {
            char c = value.charAt(i);
            ok = isLowerOrDigit(c) || (c >= 'A' && c <= 'Z') || extra.indexOf(c) >= 0;
        }
        if (!ok) {
            throw new ContractViolation(field, rule);
        }
        return value;
    }

    private static boolean isLowerOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
