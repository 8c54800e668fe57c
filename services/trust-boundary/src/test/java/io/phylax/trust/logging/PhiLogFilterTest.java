package io.phylax.trust.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class PhiLogFilterTest {

    private static final String CANARY = "CANARY-PHI-logfilter";
    private final PhiLogFilter filter = new PhiLogFilter();

    @Test
    void withholdsARecordWhoseMessageCarriesAFhirPhiMember() {
        ExtLogRecord record = record("stored {\"resourceType\":\"Patient\",\"birthDate\":\"" + CANARY + "\"}");

        assertThat(filter.isLoggable(record)).isTrue();

        assertThat(record.getFormattedMessage())
                .doesNotContain(CANARY)
                .contains("withheld")
                .contains("'birthDate'")
                .contains("io.phylax.test");
    }

    @Test
    void withholdsPhiThatArrivesThroughFormatParameters() {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "rejected %s", ExtLogRecord.FormatStyle.PRINTF, "x");
        record.setLoggerName("io.phylax.test");
        record.setParameters(new Object[] {"Name[family=" + CANARY + ", given=[x]]"});

        filter.isLoggable(record);

        assertThat(record.getFormattedMessage()).doesNotContain(CANARY).contains("'family'");
        assertThat(record.getParameters()).isNull();
    }

    @Test
    void withholdsTheExceptionWhenItsMessageCarriesPhi() {
        ExtLogRecord record = record("could not store the patient");
        record.setThrown(
                new IllegalStateException("wrapped", new IllegalArgumentException("\"telecom\": [" + CANARY + "]")));

        filter.isLoggable(record);

        assertThat(record.getThrown()).isNull();
        assertThat(record.getFormattedMessage())
                .doesNotContain(CANARY)
                .contains("'telecom'")
                .contains("IllegalStateException");
    }

    @Test
    void leavesOrdinaryRecordsAlone() {
        ExtLogRecord record = record("credential refused: reason=signature-invalid request=GET /api/v1/whoami");
        IllegalStateException error = new IllegalStateException("broker unavailable");
        record.setThrown(error);

        filter.isLoggable(record);

        assertThat(record.getFormattedMessage())
                .isEqualTo("credential refused: reason=signature-invalid request=GET /api/v1/whoami");
        assertThat(record.getThrown()).isSameAs(error);
    }

    @Test
    void emptyValuesOfPhiFieldsAreNotPhi() {
        assertThat(PhiLogFilter.phiField("Patient[name=null, telecom=[]]")).isEmpty();
        assertThat(PhiLogFilter.phiField("renamed=true")).isEmpty();
        assertThat(PhiLogFilter.phiField("given=Ada")).contains("given");
    }

    private static ExtLogRecord record(String message) {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, message, ExtLogRecord.FormatStyle.NO_FORMAT, "x");
        record.setLoggerName("io.phylax.test");
        return record;
    }
}
