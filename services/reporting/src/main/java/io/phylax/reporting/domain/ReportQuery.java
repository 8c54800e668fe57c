package io.phylax.reporting.domain;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an activity report asks for: a range of UTC days (both ends included) and the dimensions to break
 * the counts down by, in the order given. Without dimensions the report is a single count.
 *
 * @param from    the first day
 * @param to      the last day
 * @param groupBy the dimensions, each at most once
 */
public record ReportQuery(LocalDate from, LocalDate to, List<Dimension> groupBy) {

    /** The longest range one report may cover, in days (a leap year). */
    public static final int MAX_DAYS = 366;

    /** The earliest and latest day anything is counted on: the dates {@code YYYY-MM-DD} can name. */
    public static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);

    public static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final String DATE_RULE = "must be a date YYYY-MM-DD between 0001-01-01 and 9999-12-31";
    private static final String GROUP_BY_RULE = "must be a comma-separated list of day, eventType and recordType";

    public ReportQuery {
        if (from == null) {
            throw new InvalidQueryException("from", "is required");
        }
        if (to == null) {
            throw new InvalidQueryException("to", "is required");
        }
        if (to.isBefore(from)) {
            throw new InvalidQueryException("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw new InvalidQueryException("to", "must be less than " + MAX_DAYS + " days after from");
        }
        groupBy = List.copyOf(groupBy);
        if (groupBy.stream().distinct().count() != groupBy.size()) {
            throw new InvalidQueryException("groupBy", "must not name a dimension twice");
        }
    }

    /**
     * The query in the API's parameters.
     *
     * @param from    {@code YYYY-MM-DD}
     * @param to      {@code YYYY-MM-DD}
     * @param groupBy every value of the {@code groupBy} parameter, each a comma-separated list (may be empty)
     * @throws InvalidQueryException naming the parameter at fault
     */
    public static ReportQuery parse(String from, String to, List<String> groupBy) {
        return new ReportQuery(date("from", from), date("to", to), dimensions(groupBy));
    }

    /** How many days the range covers. */
    public int days() {
        return (int) ChronoUnit.DAYS.between(from, to) + 1;
    }

    private static LocalDate date(String parameter, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidQueryException(parameter, "is required");
        }
        // The pattern first: ISO parsing alone would also take signed and five-digit years.
        if (!DATE.matcher(value).matches()) {
            throw new InvalidQueryException(parameter, DATE_RULE);
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE); // strict: no 30 February
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException(parameter, DATE_RULE);
        }
        if (date.isBefore(FIRST_DAY)) {
            throw new InvalidQueryException(parameter, DATE_RULE);
        }
        return date;
    }

    private static List<Dimension> dimensions(List<String> values) {
        List<Dimension> dimensions = new ArrayList<>();
        if (values == null) {
            return dimensions;
        }
        for (String value : values) {
            if (value.isEmpty()) {
                continue; // `groupBy=` asks for no breakdown, like leaving the parameter out
            }
            for (String name : value.split(",", -1)) {
                dimensions.add(Dimension.fromApiName(name.strip())
                        .orElseThrow(() -> new InvalidQueryException("groupBy", GROUP_BY_RULE)));
            }
        }
        return dimensions;
    }
}
