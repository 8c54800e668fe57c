package io.phylax.reporting.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.testkit.DemoRealm.CLINIC_B;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEventType;
import io.phylax.contract.ReferenceEvents;
import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The activity report against the real stack: events published as the vault are counted once, small cells
 * come back suppressed, and each tenant admin sees their own tenant only. Tokens carry clinic-a or clinic-b,
 * so each run counts on days of a random far-future year that no earlier run used.
 */
@QuarkusTest
class ActivityReportIT {

    private static final String REPORT = "/api/v1/reports/activity";
    /** Chosen once the application has started, so its migrations have created the tables it looks into. */
    private static int year;

    @BeforeAll
    static void pickYear() {
        year = unusedYear();
    }

    @Test
    void countsEveryEventOnceAndDuplicatesChangeNothing() {
        LocalDate day = LocalDate.of(year, 1, 10);
        UUID key = UUID.randomUUID();
        List<ReferenceEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ReferenceEvent added = event(CLINIC_A, ReferenceEventType.RecordAdded, "Observation", day);
            // Redelivered twice, as an outbox relay may after a failure.
            events.add(added);
            events.add(added);
            events.add(added);
        }
        events.addAll(events(CLINIC_A, ReferenceEventType.RecordAmended, "Communication", day, 11));
        events.addAll(events(CLINIC_A, ReferenceEventType.PatientRegistered, null, day, 13));
        publishAndAwait(CLINIC_A, key, events, day.plusDays(1));

        JsonPath report = report(CLINIC_A, day, day, "eventType,recordType");

        Map<String, Object> counts = countsByKey(report, "eventType", "recordType");
        assertThat(counts)
                .containsEntry("RecordAdded/Observation", 12)
                .containsEntry("RecordAmended/Communication", 11)
                .containsEntry("PatientRegistered/null", 13)
                .containsEntry("SubjectErased/null", 0)
                .containsEntry("RecordAdded/Appointment", 0)
                .hasSize(13);
        assertThat(report.getInt("total")).isEqualTo(36);
        assertThat(report.getInt("suppressionThreshold")).isEqualTo(11);
        assertThat(report.getString("tenant")).isEqualTo(CLINIC_A);
    }

    @Test
    void smallCountsAreSuppressedAndNothingShownRevealsThem() {
        LocalDate day = LocalDate.of(year, 2, 10);
        UUID key = UUID.randomUUID();
        List<ReferenceEvent> events = new ArrayList<>();
        events.addAll(events(CLINIC_A, ReferenceEventType.PatientRegistered, null, day, 5));
        events.addAll(events(CLINIC_A, ReferenceEventType.SubjectErased, null, day, 3));
        events.addAll(events(CLINIC_A, ReferenceEventType.RecordAdded, "Observation", day, 25));
        events.addAll(events(CLINIC_A, ReferenceEventType.RecordAdded, "Appointment", day, 14));
        publishAndAwait(CLINIC_A, key, events, day.plusDays(1));

        JsonPath byType = report(CLINIC_A, day, day, "eventType");

        Map<String, Object> counts = countsByKey(byType, "eventType");
        assertThat(counts.get("PatientRegistered")).isEqualTo(Map.of("suppressed", true));
        assertThat(counts.get("SubjectErased")).isEqualTo(Map.of("suppressed", true));
        assertThat(counts).containsEntry("RecordAdded", 39).containsEntry("PatientUpdated", 0);
        assertThat(byType.getMap("total")).isEqualTo(Map.of("suppressed", true));
        assertNoLoneSuppressedCell(byType);

        JsonPath byTypeAndRecord = report(CLINIC_A, day, day, "eventType,recordType");
        assertThat(countsByKey(byTypeAndRecord, "eventType", "recordType"))
                .containsEntry("PatientRegistered/null", Map.of("suppressed", true))
                .containsEntry("SubjectErased/null", Map.of("suppressed", true))
                .containsEntry("RecordAdded/Observation", 25)
                .containsEntry("RecordAdded/Appointment", 14);
        assertThat(byTypeAndRecord.getMap("total")).isEqualTo(Map.of("suppressed", true));
    }

    @Test
    void aLoneSmallCountHidesAShownCountWithItSoTheDaysTotalCannotRevealIt() {
        LocalDate day = LocalDate.of(year, 3, 10);
        UUID key = UUID.randomUUID();
        List<ReferenceEvent> events = new ArrayList<>();
        events.addAll(events(CLINIC_A, ReferenceEventType.PatientUpdated, null, day, 4));
        events.addAll(events(CLINIC_A, ReferenceEventType.RecordAmended, "DocumentReference", day, 20));
        publishAndAwait(CLINIC_A, key, events, day.plusDays(1));

        JsonPath byType = report(CLINIC_A, day, day, "eventType");
        JsonPath total = report(CLINIC_A, day, day, "");

        // The day's total is public (24); had the 20 been shown beside the hidden 4, 24 - 20 would give it away.
        assertThat(total.getInt("total")).isEqualTo(24);
        Map<String, Object> counts = countsByKey(byType, "eventType");
        assertThat(counts.get("PatientUpdated")).isEqualTo(Map.of("suppressed", true));
        assertThat(counts.get("RecordAmended")).isEqualTo(Map.of("suppressed", true));
        assertThat(counts.values()).filteredOn(Integer.class::isInstance).containsOnly(0);
        assertNoLoneSuppressedCell(byType);
    }

    @Test
    void aTenantAdminSeesTheirOwnTenantOnly() {
        LocalDate day = LocalDate.of(year, 4, 10);
        publishAndAwait(
                CLINIC_A,
                UUID.randomUUID(),
                events(CLINIC_A, ReferenceEventType.RecordAdded, "Observation", day, 30),
                day.plusDays(1));
        publishAndAwait(
                CLINIC_B,
                UUID.randomUUID(),
                events(CLINIC_B, ReferenceEventType.RecordAmended, "Appointment", day, 12),
                day.plusDays(1));

        JsonPath seenByB = report(CLINIC_B, day, day, "eventType");
        JsonPath seenByA = report(CLINIC_A, day, day, "eventType");

        assertThat(seenByB.getString("tenant")).isEqualTo(CLINIC_B);
        assertThat(countsByKey(seenByB, "eventType"))
                .containsEntry("RecordAdded", 0)
                .containsEntry("RecordAmended", 12);
        assertThat(seenByB.getInt("total")).isEqualTo(12);
        assertThat(countsByKey(seenByA, "eventType"))
                .containsEntry("RecordAdded", 30)
                .containsEntry("RecordAmended", 0);
    }

    @Test
    void everyDayOfTheRangeIsReportedZerosIncluded() {
        LocalDate first = LocalDate.of(year, 5, 10);
        publishAndAwait(
                CLINIC_A,
                UUID.randomUUID(),
                events(CLINIC_A, ReferenceEventType.RecordAdded, "QuestionnaireResponse", first.plusDays(2), 15),
                first.plusDays(3));

        JsonPath report = report(CLINIC_A, first, first.plusDays(2), "day");

        assertThat(report.getList("cells.day", String.class))
                .containsExactly(
                        first.toString(),
                        first.plusDays(1).toString(),
                        first.plusDays(2).toString());
        assertThat(report.<Object>getList("cells.count")).containsExactly(0, 0, 15);
        assertThat(report.getInt("total")).isEqualTo(15);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"clinician", "auditor", "scheduler", "billing", "support"})
    void otherRolesAreRefusedWithAProblem(String role) {
        given().auth()
                .oauth2(Tokens.forUser(DemoRealm.user(CLINIC_A, role)))
                .queryParam("from", year + "-01-01")
                .queryParam("to", year + "-01-31")
                .get(REPORT)
                .then()
                .statusCode(403)
                .contentType("application/json")
                .body("type", equalTo("urn:phylax:problem:forbidden"))
                .body("status", equalTo(403));
    }

    @Test
    void refusesACallerWithoutAToken() {
        given().queryParam("from", year + "-01-01")
                .queryParam("to", year + "-01-31")
                .get(REPORT)
                .then()
                .statusCode(401);
    }

    @ParameterizedTest(name = "from={0} to={1} groupBy={2}")
    @CsvSource(
            nullValues = "NULL",
            value = {
                "NULL,       2150-01-31, day,                from",
                "2150-1-1,   2150-01-31, day,                from",
                "2150-02-30, 2150-03-31, day,                from",
                "2150-01-01, NULL,       day,                to",
                "2150-02-01, 2150-01-31, day,                to",
                "2150-01-01, 2151-01-02, day,                to",
                "2150-01-01, 2150-01-31, 'day,subjectId',    groupBy",
                "2150-01-01, 2150-01-31, 'day,day',          groupBy"
            })
    void refusesABadParameterNamingIt(String from, String to, String groupBy, String parameter) {
        RequestSpecification request = given().auth().oauth2(Tokens.forUser(DemoRealm.user(CLINIC_A, "tenant-admin")));
        if (from != null) {
            request.queryParam("from", from);
        }
        if (to != null) {
            request.queryParam("to", to);
        }
        request.queryParam("groupBy", groupBy)
                .get(REPORT)
                .then()
                .statusCode(400)
                .contentType("application/json")
                .body("type", equalTo("urn:phylax:problem:invalid-request"))
                .body("errors[0].field", equalTo(parameter));
    }

    private static JsonPath report(String tenant, LocalDate from, LocalDate to, String groupBy) {
        return given().auth()
                .oauth2(Tokens.forUser(DemoRealm.user(tenant, "tenant-admin")))
                .queryParam("from", from.toString())
                .queryParam("to", to.toString())
                .queryParam("groupBy", groupBy)
                .get(REPORT)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Each cell's count (a number, or the suppressed object) by its coordinates joined with "/". */
    private static Map<String, Object> countsByKey(JsonPath report, String... dimensions) {
        Map<String, Object> counts = new HashMap<>();
        for (Map<String, Object> cell : report.<Map<String, Object>>getList("cells")) {
            List<String> key = new ArrayList<>();
            for (String dimension : dimensions) {
                key.add(String.valueOf(cell.get(dimension)));
            }
            counts.put(String.join("/", key), cell.get("count"));
        }
        return counts;
    }

    /** A one-dimensional report never leaves a single suppressed cell beside shown non-zero ones. */
    private static void assertNoLoneSuppressedCell(JsonPath report) {
        List<Object> counts = report.<Object>getList("cells.count");
        long suppressed = counts.stream().filter(Map.class::isInstance).count();
        long shownNonZero = counts.stream()
                .filter(Integer.class::isInstance)
                .filter(c -> (Integer) c > 0)
                .count();
        assertThat(suppressed == 1 && shownNonZero > 0)
                .as("one suppressed cell beside shown ones")
                .isFalse();
    }

    /**
     * Publishes the events and a marker on the following day, all under one key and so in one partition, and
     * waits until the marker is counted: then every event before it has been handled too.
     */
    private static void publishAndAwait(String tenant, UUID key, List<ReferenceEvent> events, LocalDate markerDay) {
        long markersBefore = ReportingDatabase.countOn(tenant, markerDay);
        List<ReferenceEvent> all = new ArrayList<>(events);
        all.add(event(tenant, ReferenceEventType.PatientUpdated, null, markerDay));
        PhiEvents.publish(key, all);
        Eventually.await(
                "the marker event counted",
                () -> ReportingDatabase.countOn(tenant, markerDay),
                count -> count > markersBefore);
    }

    private static List<ReferenceEvent> events(
            String tenant, ReferenceEventType type, String recordType, LocalDate day, int howMany) {
        List<ReferenceEvent> events = new ArrayList<>();
        for (int i = 0; i < howMany; i++) {
            events.add(event(tenant, type, recordType, day));
        }
        return events;
    }

    private static ReferenceEvent event(String tenant, ReferenceEventType type, String recordType, LocalDate day) {
        ReferenceEvents builder = switch (type) {
            case PatientRegistered -> ReferenceEvents.aPatientRegistered();
            case PatientUpdated -> ReferenceEvents.aPatientUpdated();
            case RecordAdded -> ReferenceEvents.aRecordAdded();
            case RecordAmended -> ReferenceEvents.aRecordAmended();
            case SubjectErased -> ReferenceEvents.aSubjectErased();
        };
        UUID subject = UUID.randomUUID();
        return builder.withEventId(UUID.randomUUID())
                .withTenant(tenant)
                .withSubjectId(subject)
                .withStreamId(recordType == null ? subject : UUID.randomUUID())
                .withRecordType(recordType)
                .withOccurredAt(day.atTime(9, 30).toInstant(ZoneOffset.UTC))
                .build();
    }

    /** A year in 2100–2999 where neither demo tenant has counts yet, so this run's numbers are its own. */
    private static int unusedYear() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int year = ThreadLocalRandom.current().nextInt(2100, 3000);
            if (!ReportingDatabase.yearInUse(year)) {
                return year;
            }
        }
        throw new IllegalStateException("no unused year found for this run");
    }
}
