package io.phylax.trust.logging;

import java.text.MessageFormat;
import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Withholds any log record that carries a known PHI field (a FHIR demographic or free-text element written as a
 * JSON member or as {@code field=value}), in its message, its parameters or its exception chain. The record is
 * kept, so that operators see that something was withheld and where, but its text, parameters and exception
 * are replaced by a note naming the field and the logger. A second line of defence: code must not log PHI.
 */
@LoggingFilter(name = "phi-guard")
public final class PhiLogFilter implements Filter {

    /** FHIR elements that hold PHI in Patient and the clinical resources the vault stores. */
    static final String FIELDS = "name|family|given|birthDate|telecom|address|line|city|postalCode|identifier"
            + "|contentString|valueString|note|photo|contact|maritalStatus|deceasedDateTime|text";

    /**
     * In {@code field=value} form (records' toString, key-value logs) only names no technical log uses: "name",
     * "text" or "line" there are far more often a metric's, a file's or a parser's than a patient's.
     */
    static final String ASSIGNED_FIELDS =
            "family|given|birthDate|telecom|postalCode|contentString|valueString|maritalStatus|deceasedDateTime";

    private static final Pattern JSON_MEMBER = Pattern.compile("\"(" + FIELDS + ")\"\\s*:");
    private static final Pattern ASSIGNMENT = Pattern.compile("\\b(" + ASSIGNED_FIELDS + ")=(?!null\\b|\\[\\]|,|\\))");
    private static final int MAX_CAUSES = 8;

    @Override
    public boolean isLoggable(LogRecord record) {
        Optional<String> field = phiField(formatted(record)).or(() -> phiFieldInCauses(record.getThrown()));
        field.ifPresent(f -> withhold(record, f));
        return true;
    }

    /** The PHI field a text names, if any. */
    static Optional<String> phiField(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        Matcher json = JSON_MEMBER.matcher(text);
        if (json.find()) {
            return Optional.of(json.group(1));
        }
        Matcher assignment = ASSIGNMENT.matcher(text);
        return assignment.find() ? Optional.of(assignment.group(1)) : Optional.empty();
    }

    private static Optional<String> phiFieldInCauses(Throwable thrown) {
        Throwable cause = thrown;
        for (int i = 0; cause != null && i < MAX_CAUSES; i++, cause = cause.getCause()) {
            Optional<String> field = phiField(cause.getMessage());
            if (field.isPresent()) {
                return field;
            }
        }
        return Optional.empty();
    }

    private static void withhold(LogRecord record, String field) {
        String exception = record.getThrown() == null
                ? ""
                : " (exception " + record.getThrown().getClass().getName() + " withheld too)";
        String note = "[phi-guard] log record withheld: it carried the PHI field '" + field + "' (logger "
                + record.getLoggerName() + ")" + exception;
        if (record instanceof ExtLogRecord ext) {
            ext.setMessage(note, ExtLogRecord.FormatStyle.NO_FORMAT);
        } else {
            record.setMessage(note);
        }
        record.setParameters(null);
        record.setThrown(null);
    }

    private static String formatted(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            return ext.getFormattedMessage();
        }
        Object[] parameters = record.getParameters();
        String message = record.getMessage();
        if (message == null || parameters == null || parameters.length == 0) {
            return message;
        }
        try {
            return MessageFormat.format(message, parameters);
        } catch (IllegalArgumentException e) {
            return message + " " + java.util.Arrays.toString(parameters);
        }
    }
}
