package io.phylax.reporting.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.phylax.contract.ReferenceEventType;
import io.phylax.reporting.domain.ActivityCount;
import io.phylax.reporting.domain.ActivityReport;
import io.phylax.reporting.domain.Dimension;
import io.phylax.reporting.domain.ReportQuery;
import io.phylax.reporting.domain.Suppression;

/** The JSON of a report: a suppressed count is {"suppressed": true} and nothing else. */
class ActivityReportBodyTest {

    static final LocalDate DAY = LocalDate.of(2150, 3, 1);

    private final ObjectMapper json =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void suppressedCountsCarryNoValue() throws Exception {
        ActivityReport report = ActivityReport.of(
                new ReportQuery(DAY, DAY, List.of(Dimension.EVENT_TYPE, Dimension.RECORD_TYPE)),
                List.of(
                        new ActivityCount(DAY, ReferenceEventType.PatientRegistered, null, 7),
                        new ActivityCount(DAY, ReferenceEventType.RecordAdded, "Observation", 42)),
                new Suppression(11));

        JsonNode body = json.readTree(json.writeValueAsString(ActivityReportBody.of("clinic-a", report)));

        assertThat(body.get("tenant").asText()).isEqualTo("clinic-a");
        assertThat(body.get("from").asText()).isEqualTo("2150-03-01");
        assertThat(body.get("groupBy")).hasToString("[\"eventType\",\"recordType\"]");
        assertThat(body.get("suppressionThreshold").asInt()).isEqualTo(11);
        JsonNode first = body.get("cells").get(0);
        assertThat(first.get("eventType").asText()).isEqualTo("PatientRegistered");
        assertThat(first.has("recordType")).isTrue();
        assertThat(first.get("recordType").isNull()).isTrue();
        assertThat(first.get("count")).hasToString("{\"suppressed\":true}");
        assertThat(body.get("total")).hasToString("{\"suppressed\":true}");
        assertThat(body.toString()).doesNotContain("\"count\":7").doesNotContain(":49");
    }

    @Test
    void shownCountsAreNumbers() throws Exception {
        ActivityReport report = ActivityReport.of(
                new ReportQuery(DAY, DAY, List.of()),
                List.of(new ActivityCount(DAY, ReferenceEventType.RecordAdded, "Observation", 42)),
                new Suppression(11));

        JsonNode body = json.readTree(json.writeValueAsString(ActivityReportBody.of("clinic-a", report)));

        assertThat(body.get("cells")).hasToString("[{\"count\":42}]");
        assertThat(body.get("total").asLong()).isEqualTo(42);
    }
}
