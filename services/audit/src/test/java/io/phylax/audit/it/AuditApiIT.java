package io.phylax.audit.it;

import static io.phylax.audit.it.Eventually.await;
import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.testkit.DemoRealm.CLINIC_B;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.phylax.contract.AccessAction;
import io.phylax.contract.AccessEvent;
import io.phylax.contract.AccessOutcome;
import io.phylax.contract.PurposeOfUse;
import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The auditor API: tenant-scoped, auditors only, paged, and strict about its input. */
@QuarkusTest
class AuditApiIT {

    private static final String CANARY = "CANARY-Philippa-Wetherell";

    /** One subject of clinic-a with a read, an export, a denied read and a break-glass, plus a record change. */
    private static UUID subject;

    private static List<AccessEvent> accesses;

    /** A second apart, so time filters can pick one. */
    private static final Instant START = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void aSubjectWithSeveralAccesses() {
        subject = UUID.randomUUID();
        accesses = List.of(
                access(0, AccessAction.READ, AccessOutcome.ALLOWED, PurposeOfUse.TREAT),
                access(1, AccessAction.EXPORT, AccessOutcome.ALLOWED, PurposeOfUse.PATRQT),
                access(2, AccessAction.READ, AccessOutcome.DENIED, null),
                access(3, AccessAction.BREAK_GLASS, AccessOutcome.ALLOWED, PurposeOfUse.ETREAT));
        accesses.forEach(VaultTopics::publish);
        ReferenceEvent change = ReferenceEvents.aRecordAdded()
                .withEventId(UUID.randomUUID())
                .withSubjectId(subject)
                .withStreamId(UUID.randomUUID())
                .build();
        VaultTopics.publish(change);
        accesses.forEach(e -> await("access " + e.action() + " stored", () -> AuditDatabase.entryOf(e.eventId())));
        await("the record change stored", () -> AuditDatabase.entryOf(change.eventId()));
    }

    @Test
    void disclosuresListEveryAccessToTheSubjectWithWhoWhenWhatAndWhy() {
        JsonPath body = AuditApi.asAuditor(CLINIC_A)
                .get("/api/v1/audit/disclosures/{id}", subject)
                .then()
                .statusCode(200)
                .body("subjectId", equalTo(subject.toString()))
                .body("disclosures", hasSize(4))
                .extract()
                .jsonPath();

        for (int i = 0; i < accesses.size(); i++) {
            AccessEvent expected = accesses.get(i);
            Map<String, Object> line = body.getMap("disclosures[" + i + "]");
            assertThat(line.get("action")).isEqualTo(expected.action().name());
            assertThat(line.get("outcome")).isEqualTo(expected.outcome().name());
            assertThat(line.get("purpose"))
                    .isEqualTo(
                            expected.purpose() == null
                                    ? null
                                    : expected.purpose().name());
            assertThat(line.get("occurredAt")).isEqualTo(expected.occurredAt().toString());
            assertThat(body.getString("disclosures[" + i + "].actor.subject"))
                    .isEqualTo(expected.actor().subject());
        }
    }

    @Test
    void anAuditorOfAnotherClinicSeesNoneOfThisClinicsEntries() {
        AuditApi.asAuditor(CLINIC_B)
                .queryParam("subject", subject.toString())
                .get("/api/v1/audit/events")
                .then()
                .statusCode(200)
                .body("entries", empty());
        AuditApi.asAuditor(CLINIC_B)
                .get("/api/v1/audit/disclosures/{id}", subject)
                .then()
                .statusCode(200)
                .body("disclosures", empty());
        AuditApi.asAuditor(CLINIC_B)
                .queryParam("limit", "500")
                .get("/api/v1/audit/events")
                .then()
                .statusCode(200)
                .body("entries.tenant", everyItem(equalTo(CLINIC_B)));
    }

    @Test
    void filtersNarrowTheEntriesOfTheSubject() {
        AuditApi.asAuditor(CLINIC_A)
                .queryParam("subject", subject.toString())
                .queryParam("action", "READ")
                .queryParam("outcome", "DENIED")
                .get("/api/v1/audit/events")
                .then()
                .statusCode(200)
                .body("entries", hasSize(1))
                .body("entries[0].eventId", equalTo(accesses.get(2).eventId().toString()));
        AuditApi.asAuditor(CLINIC_A)
                .queryParam("subject", subject.toString())
                .queryParam("actor", accesses.get(1).actor().subject())
                .get("/api/v1/audit/events")
                .then()
                .statusCode(200)
                .body("entries.action", equalTo(List.of("EXPORT")));
        AuditApi.asAuditor(CLINIC_A)
                .queryParam("subject", subject.toString())
                .queryParam("action", "RecordAdded")
                .get("/api/v1/audit/events")
                .then()
                .statusCode(200)
                .body("entries", hasSize(1))
                .body("entries[0].kind", equalTo("reference"));
        Instant breakGlass = accesses.get(3).occurredAt();
        AuditApi.asAuditor(CLINIC_A)
                .queryParam("subject", subject.toString())
                .queryParam("from", breakGlass.toString())
                .queryParam("to", breakGlass.plusMillis(1).toString())
                .get("/api/v1/audit/events")
                .then()
                .statusCode(200)
                .body("entries.action", equalTo(List.of("BREAK_GLASS")));
    }

    @Test
    void pagesFollowEachOtherThroughTheCursorWithoutGapOrOverlap() {
        JsonPath first = page(null);
        assertThat(first.getList("entries")).hasSize(2);
        JsonPath second = page(first.getString("nextCursor"));
        JsonPath third = page(second.getString("nextCursor"));

        List<Long> seqs = new ArrayList<>();
        seqs.addAll(first.getList("entries.seq", Long.class));
        seqs.addAll(second.getList("entries.seq", Long.class));
        seqs.addAll(third.getList("entries.seq", Long.class));
        assertThat(seqs).hasSize(5).isSorted().doesNotHaveDuplicates();
        assertThat(third.getString("nextCursor")).isNull();
    }

    @Test
    void aClinicianIsRefused() {
        AuditApi.as(CLINIC_A, "clinician")
                .get("/api/v1/audit/events")
                .then()
                .statusCode(403)
                .body("type", equalTo("urn:phylax:problem:forbidden"));
        AuditApi.as(CLINIC_A, "clinician").post("/api/v1/audit/verify").then().statusCode(403);
        AuditApi.as(CLINIC_A, "tenant-admin")
                .get("/api/v1/audit/tree-head")
                .then()
                .statusCode(403);
    }

    @Test
    void aRequestWithoutATokenIsRefused() {
        given().get("/api/v1/audit/events").then().statusCode(401);
        given().get("/api/v1/audit/public-key").then().statusCode(401);
    }

    @Test
    void badInputIsRefusedNamingTheFieldWithoutEchoingIt() {
        Map<String, String> bad = Map.of(
                "subject", CANARY,
                "actor", CANARY + " <script>",
                "action", CANARY,
                "outcome", CANARY,
                "from", CANARY,
                "limit", "501",
                "cursor", CANARY);
        bad.forEach((field, value) -> AuditApi.asAuditor(CLINIC_A)
                .queryParam(field, value)
                .get("/api/v1/audit/events")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo(field))
                .body(not(containsString(CANARY))));
        AuditApi.asAuditor(CLINIC_A)
                .queryParam("from", "2025-01-02T00:00:00Z")
                .queryParam("to", "2025-01-01T00:00:00Z")
                .get("/api/v1/audit/events")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("to"));
        AuditApi.asAuditor(CLINIC_A)
                .get("/api/v1/audit/disclosures/{id}", CANARY)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("subjectId"))
                .body(not(containsString(CANARY)));
        AuditApi.asAuditor(CLINIC_A)
                .get("/api/v1/audit/proofs/inclusion")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("entry"));
        AuditApi.asAuditor(CLINIC_A)
                .queryParam("from", "-1")
                .get("/api/v1/audit/proofs/consistency")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("from"));
    }

    @Test
    void entriesCarryNoMoreThanIdsCodesActorsAndTimes() {
        Map<String, Object> entry = AuditApi.asAuditor(CLINIC_A)
                .queryParam("subject", subject.toString())
                .queryParam("limit", "1")
                .get("/api/v1/audit/events")
                .then()
                .statusCode(200)
                .body("nextCursor", notNullValue())
                .body("entries[0].entryHash", notNullValue())
                .body("entries[0].streamVersion", nullValue())
                .extract()
                .jsonPath()
                .getMap("entries[0]");
        assertThat(entry.keySet())
                .containsExactlyInAnyOrder(
                        "seq",
                        "eventId",
                        "kind",
                        "tenant",
                        "subjectId",
                        "streamId",
                        "streamType",
                        "recordType",
                        "streamVersion",
                        "actor",
                        "action",
                        "outcome",
                        "purpose",
                        "occurredAt",
                        "correlationId",
                        "receivedAt",
                        "entryHash");
    }

    private static JsonPath page(String cursor) {
        var request = AuditApi.asAuditor(CLINIC_A)
                .queryParam("subject", subject.toString())
                .queryParam("limit", "2");
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.get("/api/v1/audit/events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static AccessEvent access(int second, AccessAction action, AccessOutcome outcome, PurposeOfUse purpose) {
        return VaultTopics.aReadNow()
                .withOccurredAt(START.plusSeconds(second))
                .withSubjectId(subject)
                .withStreamId(subject)
                .withAction(action)
                .withOutcome(outcome)
                .withPurpose(purpose)
                .build();
    }
}
