package io.phylax.vault.domain;

import static io.phylax.vault.domain.VaultEvents.DEFAULT_RECORD;
import static io.phylax.vault.domain.VaultEvents.DEFAULT_SUBJECT;
import static io.phylax.vault.domain.VaultEvents.DEFAULT_TENANT;
import static io.phylax.vault.domain.VaultEvents.change;
import static io.phylax.vault.domain.VaultEvents.observation;
import static io.phylax.vault.domain.VaultEvents.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.phylax.vault.domain.event.RecordAdded;
import io.phylax.vault.domain.event.RecordAmended;
import io.phylax.vault.domain.event.VaultEvent;

/** Given events → when command → expect events or an error. */
class ClinicalRecordTest {

    private static List<VaultEvent> added() {
        return ClinicalRecord.add(DEFAULT_TENANT, DEFAULT_SUBJECT, DEFAULT_RECORD, observation("a"), change(1));
    }

    @Test
    void addingARecordStartsItsOwnStreamUnderTheSubject() {
        assertThat(added()).singleElement().isInstanceOfSatisfying(RecordAdded.class, e -> {
            assertThat(e.recordType()).isEqualTo(RecordType.OBSERVATION);
            assertThat(e.meta().streamId()).isEqualTo(DEFAULT_RECORD);
            assertThat(e.meta().subjectId()).isEqualTo(DEFAULT_SUBJECT);
            assertThat(e.meta().version()).isEqualTo(1);
        });
    }

    @Test
    void onlyClinicalResourceTypesAreRecords() {
        assertThatThrownBy(() ->
                        ClinicalRecord.add(DEFAULT_TENANT, DEFAULT_SUBJECT, DEFAULT_RECORD, patient("x"), change(1)))
                .isInstanceOf(DomainRuleViolation.class);
    }

    @Test
    void amendmentAppendsTheNextVersion() {
        ClinicalRecord record = ClinicalRecord.replay(added());

        assertThat(record.amend(1, observation("b"), change(2)))
                .singleElement()
                .isInstanceOfSatisfying(RecordAmended.class, e -> {
                    assertThat(e.meta().version()).isEqualTo(2);
                    assertThat(e.resource()).isEqualTo(observation("b"));
                });
    }

    @Test
    void amendmentMayNotChangeTheType() {
        ClinicalRecord record = ClinicalRecord.replay(added());
        FhirDocument appointment = new FhirDocument("Appointment", "{\"resourceType\":\"Appointment\"}");

        assertThatThrownBy(() -> record.amend(1, appointment, change(2))).isInstanceOf(DomainRuleViolation.class);
    }

    @Test
    void staleAmendmentIsRefused() {
        ClinicalRecord record = ClinicalRecord.replay(added());

        assertThatThrownBy(() -> record.amend(0, observation("b"), change(2)))
                .isInstanceOf(StaleVersionException.class);
    }
}
