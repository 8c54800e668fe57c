package io.phylax.audit.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.phylax.audit.application.Admission.Accepted;
import io.phylax.audit.application.Admission.Rejected;
import io.phylax.audit.domain.EntryDraft;
import io.phylax.contract.AccessEvents;
import io.phylax.contract.EventCodec;
import io.phylax.contract.ReferenceEvents;
import io.phylax.contract.Topics;

/** What may enter the log: contract-valid events of the topic they came on; every refusal names a rule, not a value. */
class AdmissionTest {

    private static final String CANARY = "CANARY-Zebulon-Quixote";

    @Test
    void anAccessEventBecomesAnAccessEntryWithItsActorActionOutcomeAndPurpose() {
        byte[] value = EventCodec.encode(AccessEvents.aBreakGlass().build());

        EntryDraft draft = accepted(Topics.PHI_ACCESS, value);

        assertThat(draft.kind()).isEqualTo("access");
        assertThat(draft.eventId()).isEqualTo(AccessEvents.DEFAULT_EVENT_ID);
        assertThat(draft.tenant()).isEqualTo(AccessEvents.DEFAULT_TENANT);
        assertThat(draft.subjectId()).isEqualTo(AccessEvents.DEFAULT_SUBJECT_ID);
        assertThat(draft.actorIssuer()).isEqualTo(AccessEvents.DEFAULT_ISSUER);
        assertThat(draft.actorSubject()).isEqualTo(AccessEvents.DEFAULT_ACTOR_SUBJECT);
        assertThat(draft.actorClient()).isEqualTo(AccessEvents.DEFAULT_CLIENT_ID);
        assertThat(draft.action()).isEqualTo("BREAK_GLASS");
        assertThat(draft.outcome()).isEqualTo("ALLOWED");
        assertThat(draft.purpose()).isEqualTo("ETREAT");
        assertThat(draft.occurredAt()).isEqualTo(AccessEvents.DEFAULT_OCCURRED_AT);
    }

    @Test
    void aReferenceEventBecomesAReferenceEntryWithItsTypeAndVersion() {
        byte[] value = EventCodec.encode(ReferenceEvents.aRecordAmended().build());

        EntryDraft draft = accepted(Topics.PHI_EVENTS, value);

        assertThat(draft.kind()).isEqualTo("reference");
        assertThat(draft.action()).isEqualTo("RecordAmended");
        assertThat(draft.streamType()).isEqualTo("RECORD");
        assertThat(draft.recordType()).isEqualTo("Observation");
        assertThat(draft.streamVersion()).isEqualTo(2L);
        assertThat(draft.actorSubject()).isNull();
        assertThat(draft.outcome()).isNull();
    }

    @Test
    void aMessageThatIsNotJsonIsRefusedWithoutQuotingIt() {
        String reason = rejected(Topics.PHI_ACCESS, ("{\"name\":\"" + CANARY).getBytes(StandardCharsets.UTF_8));
        assertThat(reason).startsWith("event: ").doesNotContain(CANARY);
    }

    @Test
    void aFieldBreakingTheContractIsNamedButNotEchoed() {
        String json = new String(EventCodec.encode(AccessEvents.aRead().build()), StandardCharsets.UTF_8)
                .replace("\"clinic-a\"", "\"" + CANARY + "\"");
        String reason = rejected(Topics.PHI_ACCESS, json.getBytes(StandardCharsets.UTF_8));
        assertThat(reason).startsWith("tenant: ").doesNotContain(CANARY);
    }

    @Test
    void anEventOnTheOtherTopicIsRefused() {
        byte[] reference =
                EventCodec.encode(ReferenceEvents.aPatientRegistered().build());
        assertThat(rejected(Topics.PHI_ACCESS, reference)).isNotBlank();
        assertThat(rejected("some.other.topic", reference)).contains("topic");
    }

    @Test
    void anOversizedOrEmptyMessageIsRefused() {
        assertThat(rejected(Topics.PHI_EVENTS, new byte[EventCodec.MAX_EVENT_BYTES + 1]))
                .startsWith("event: ");
        assertThat(rejected(Topics.PHI_EVENTS, null)).startsWith("event: ");
    }

    @Test
    void anOccurrenceTimeTheLogCannotStoreIsRefused() {
        byte[] farFuture = EventCodec.encode(AccessEvents.aRead()
                .withEventId(UUID.randomUUID())
                .withOccurredAt(Instant.parse("+20000-01-01T00:00:00Z"))
                .build());
        assertThat(rejected(Topics.PHI_ACCESS, farFuture)).startsWith("occurredAt: ");
    }

    private static EntryDraft accepted(String topic, byte[] value) {
        Admission.Verdict verdict = Admission.admit(new Delivery(topic, 0, 0, null, value));
        assertThat(verdict).isInstanceOf(Accepted.class);
        return ((Accepted) verdict).draft();
    }

    private static String rejected(String topic, byte[] value) {
        Admission.Verdict verdict = Admission.admit(new Delivery(topic, 0, 0, null, value));
        assertThat(verdict).isInstanceOf(Rejected.class);
        return ((Rejected) verdict).reason();
    }
}
