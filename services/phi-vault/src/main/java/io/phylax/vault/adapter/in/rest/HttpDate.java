package io.phylax.vault.adapter.in.rest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110's IMF-fixdate, {@code Sun, 06 Nov 1994 08:49:37 GMT}) from one shared, immutable formatter.
 * A {@code java.util.Date} header makes RESTEasy build a {@code SimpleDateFormat} per response, which showed in the
 * read path's profile; {@link DateTimeFormatter#RFC_1123_DATE_TIME} is not used because it drops the day's leading
 * zero.
 */
final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private HttpDate() {}

    static String format(Instant at) {
        return IMF_FIXDATE.format(at);
    }
}
