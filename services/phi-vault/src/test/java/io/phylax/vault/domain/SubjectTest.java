package io.phylax.vault.domain;

import static io.phylax.vault.domain.VaultEvents.DEFAULT_SUBJECT;
import static io.phylax.vault.domain.VaultEvents.DEFAULT_TENANT;
import static io.phylax.vault.domain.VaultEvents.change;
import static io.phylax.vault.domain.VaultEvents.observation;
import static io.phylax.vault.domain.VaultEvents.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.phylax.vault.domain.event.PatientRegistered;
import io.phylax.vault.domain.event.PatientUpdated;
import io.phylax.vault.domain.event.SubjectErased;
import io.phylax.vault.domain.event.VaultEvent;

/** Given events → when command → expect events or an error. */
class SubjectTest {

    private static List<VaultEvent> registered() {
        return Subject.register(DEFAULT_TENANT, DEFAULT_SUBJECT, patient("Alpha"), change(1));
    }

    @Test
    void registeringStartsTheStreamAtVersionOne() {
        List<VaultEvent> events = registered();

        assertThat(events).singleElement().isInstanceOfSatisfying(PatientRegistered.class, e -> {
            assertThat(e.meta().version()).isEqualTo(1);
            assertThat(e.meta().subjectId()).isEqualTo(DEFAULT_SUBJECT);
            assertThat(e.meta().streamId()).isEqualTo(DEFAULT_SUBJECT);
            assertThat(e.meta().tenant()).isEqualTo(DEFAULT_TENANT);
            assertThat(e.patient()).isEqualTo(patient("Alpha"));
        });
    }

    @Test
    void aSubjectHoldsOnlyAPatient() {
        assertThatThrownBy(() -> Subject.register(DEFAULT_TENANT, DEFAULT_SUBJECT, observation("x"), change(1)))
                .isInstanceOf(DomainRuleViolation.class)
                .extracting(e -> ((DomainRuleViolation) e).field())
                .isEqualTo("resourceType");
    }

    @Test
    void updateAtTheCurrentVersionAppendsTheNextVersion() {
        Subject subject = Subject.replay(registered());

        List<VaultEvent> events = subject.update(1, patient("Beta"), change(2));

        assertThat(events).singleElement().isInstanceOfSatisfying(PatientUpdated.class, e -> {
            assertThat(e.meta().version()).isEqualTo(2);
            assertThat(e.patient()).isEqualTo(patient("Beta"));
        });
    }

    @Test
    void updateAtAStaleVersionIsRefused() {
        List<VaultEvent> history = new ArrayList<>(registered());
        history.addAll(Subject.replay(history).update(1, patient("Beta"), change(2)));
        Subject subject = Subject.replay(history);

        assertThatThrownBy(() -> subject.update(1, patient("Gamma"), change(3)))
                .isInstanceOfSatisfying(StaleVersionException.class, e -> {
                    assertThat(e.expected()).isEqualTo(1);
                    assertThat(e.actual()).isEqualTo(2);
                });
    }

    @Test
    void identicalUpdateAppendsNothing() {
        Subject subject = Subject.replay(registered());

        assertThat(subject.update(1, patient("Alpha"), change(2))).isEmpty();
    }

    @Test
    void replayingTheStreamRebuildsTheCurrentState() {
        List<VaultEvent> history = new ArrayList<>(registered());
        history.addAll(Subject.replay(history).update(1, patient("Beta"), change(2)));

        Subject rebuilt = Subject.replay(history);

        assertThat(rebuilt.version()).isEqualTo(2);
        assertThat(rebuilt.patient()).isEqualTo(patient("Beta"));
        assertThat(rebuilt).isEqualTo(Subject.current(DEFAULT_SUBJECT, DEFAULT_TENANT, 2, patient("Beta")));
    }

    @Test
    void erasureEndsTheStreamWithATombstone() {
        Subject subject = Subject.replay(registered());

        List<VaultEvent> events = subject.erase(ErasureReason.PATIENT_REQUEST, change(2));

        assertThat(events).singleElement().isInstanceOfSatisfying(SubjectErased.class, e -> {
            assertThat(e.meta().version()).isEqualTo(2);
            assertThat(e.reason()).isEqualTo(ErasureReason.PATIENT_REQUEST);
        });
    }

    @Test
    void anErasedSubjectAcceptsNoFurtherChange() {
        List<VaultEvent> history = new ArrayList<>(registered());
        history.addAll(Subject.replay(history).erase(ErasureReason.LEGAL_ORDER, change(2)));
        Subject erased = Subject.replay(history);

        assertThat(erased.erased()).isTrue();
        assertThat(erased.patient()).isNull();
        assertThatThrownBy(() -> erased.update(2, patient("Beta"), change(3)))
                .isInstanceOf(SubjectErasedException.class);
        assertThatThrownBy(() -> erased.erase(ErasureReason.LEGAL_ORDER, change(3)))
                .isInstanceOf(SubjectErasedException.class);
    }

    @Test
    void documentsNeverPrintTheirContent() {
        assertThat(patient("Alpha").toString()).doesNotContain("Alpha");
    }
}
