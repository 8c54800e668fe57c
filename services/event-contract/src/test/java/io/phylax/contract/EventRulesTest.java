package io.phylax.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The field rules at their edges, through the records' constructors as the vault will call them. */
class EventRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"clinic-a", "a", "0", "x23456789-123456789-123456789-123456789-123456789-123456789-123"})
    void acceptsTenantSlugs(String tenant) {
        assertThat(ReferenceEvents.aPatientRegistered()
                        .withTenant(tenant)
                        .build()
                        .tenant())
                .isEqualTo(tenant);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Clinic-a",
                "-clinic",
                "clinic_a",
                "clinic a",
                "clin\u00efc-a",
                "clinic-\u0661",
                "../clinic-b",
                "x23456789-123456789-123456789-123456789-123456789-123456789-1234"
            })
    void rejectsAnythingButTenantSlugs(String tenant) {
        assertViolation(
                () -> ReferenceEvents.aPatientRegistered().withTenant(tenant).build(), "tenant", tenant);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "req-1.2_3", "0123456789012345678901234567890123456789012345678901234567890123"})
    void acceptsCorrelationIds(String correlationId) {
        assertThatCode(() ->
                        AccessEvents.aRead().withCorrelationId(correlationId).build())
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "req/1",
                "req 1",
                "req:1",
                "req\u00e91",
                "01234567890123456789012345678901234567890123456789012345678901234"
            })
    void rejectsCorrelationIdsOutsideTheTokenShape(String correlationId) {
        assertViolation(
                () -> AccessEvents.aRead().withCorrelationId(correlationId).build(), "correlationId", correlationId);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://auth.example.org/realms/phylax",
                "http://localhost:8180/realms/phylax",
                "http://keycloak:8080/realms/phylax/",
                "https://10.0.0.7",
                "https://[fd00::7]:8443/realms/a"
            })
    void acceptsIssuerUrls(String issuer) {
        assertThat(new Actor(issuer, "user", "web").issuer()).isEqualTo(issuer);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "auth.example.org/realms/phylax",
                "HTTPS://auth.example.org",
                "https://",
                "https://user@auth.example.org",
                "https://auth.example.org/realms/phylax?x=1",
                "https://auth.example.org/realms/phylax#x",
                "https://auth.example.org/Jane%20Doe",
                "https://auth.example.org/realms/Jane Doe",
                "javascript:alert(1)"
            })
    void rejectsIssuersThatAreNotPlainUrls(String issuer) {
        assertViolation(() -> new Actor(issuer, "user", "web"), "actor.issuer", issuer);
    }

    @Test
    void rejectsIssuerLongerThan255Characters() {
        String base = "https://auth.example.org/";
        assertThatCode(() -> new Actor(base + "a".repeat(255 - base.length()), "user", "web"))
                .doesNotThrowAnyException();
        assertViolation(() -> new Actor(base + "a".repeat(256 - base.length()), "user", "web"), "actor.issuer", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Jane Doe", "", "user/1", "user\n1", "jos\u00e9", "user\u0661"})
    void rejectsPrincipalNamesOutsideTheTokenShape(String name) {
        assertViolation(() -> new Actor("https://idp.example", name, "web"), "actor.subject", name);
        assertViolation(() -> new Actor("https://idp.example", "user", name), "actor.clientId", name);
    }

    @Test
    void acceptsPrincipalNamesUpTo128Characters() {
        assertThatCode(() -> new Actor("https://idp.example", "s".repeat(128), "service-account:phi-vault@clinic-a"))
                .doesNotThrowAnyException();
        assertViolation(() -> new Actor("https://idp.example", "s".repeat(129), "web"), "actor.subject", null);
    }

    @ParameterizedTest
    @EnumSource(ReferenceEventType.class)
    void eachEventTypeBelongsToOneStreamKind(ReferenceEventType type) {
        StreamType other = type.streamType() == StreamType.SUBJECT ? StreamType.RECORD : StreamType.SUBJECT;
        assertViolation(
                () -> ReferenceEvents.aPatientRegistered()
                        .withEventType(type)
                        .withStreamType(other)
                        .withRecordType(other == StreamType.RECORD ? "Observation" : null)
                        .build(),
                "streamType",
                null);
    }

    @Test
    void breakGlassExportsAndEmergencyReadsAreHighSeverity() {
        assertThat(AccessEvents.aBreakGlass().build().severity()).isEqualTo(AccessSeverity.HIGH);
        assertThat(AccessEvents.aRead().withAction(AccessAction.EXPORT).build().severity())
                .isEqualTo(AccessSeverity.HIGH);
        assertThat(AccessEvents.aRead().withPurpose(PurposeOfUse.ETREAT).build().severity())
                .isEqualTo(AccessSeverity.HIGH);
        assertThat(AccessEvents.aRead().build().severity()).isEqualTo(AccessSeverity.NORMAL);
        assertThat(AccessEvents.aRead().withPurpose(null).build().severity()).isEqualTo(AccessSeverity.NORMAL);
    }

    @Test
    void severityFollowsFromTheWireFieldsAndIsNotOneOfThem() {
        AccessEvent breakGlass = AccessEvents.aBreakGlass().build();
        byte[] wire = EventCodec.encode(breakGlass);
        assertThat(new String(wire, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("severity");
        assertThat(EventCodec.decodeAccess(wire).severity()).isEqualTo(AccessSeverity.HIGH);
    }

    @Test
    void recordStreamNeedsARecordType() {
        assertViolation(
                () -> ReferenceEvents.aRecordAdded().withRecordType(null).build(), "recordType", null);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"Observation", "Appointment", "Communication", "DocumentReference", "QuestionnaireResponse"})
    void acceptsEachRecordType(String recordType) {
        assertThat(ReferenceEvents.aRecordAdded()
                        .withRecordType(recordType)
                        .build()
                        .recordType())
                .isEqualTo(recordType);
    }

    @Test
    void requiredFieldsAreRequired() {
        assertViolation(
                () -> ReferenceEvents.aPatientRegistered().withEventId(null).build(), "eventId", null);
        assertViolation(
                () -> ReferenceEvents.aPatientRegistered().withSubjectId(null).build(), "subjectId", null);
        assertViolation(
                () -> ReferenceEvents.aPatientRegistered().withStreamId(null).build(), "streamId", null);
        assertViolation(
                () -> ReferenceEvents.aPatientRegistered().withOccurredAt(null).build(), "occurredAt", null);
        assertViolation(() -> AccessEvents.aRead().withActor(null).build(), "actor", null);
        assertViolation(() -> AccessEvents.aRead().withAction(null).build(), "action", null);
        assertViolation(() -> AccessEvents.aRead().withOutcome(null).build(), "outcome", null);
    }

    private static void assertViolation(Runnable build, String field, String badValue) {
        assertThatThrownBy(build::run).isInstanceOfSatisfying(ContractViolation.class, violation -> {
            assertThat(violation.field()).isEqualTo(field);
            if (badValue != null && !badValue.isEmpty()) {
                assertThat(violation.getMessage()).doesNotContain(badValue);
            }
        });
    }
}
