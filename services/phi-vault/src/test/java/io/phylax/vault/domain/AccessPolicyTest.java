package io.phylax.vault.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.phylax.vault.domain.access.AccessPolicy;
import io.phylax.vault.domain.access.Scope;
import io.phylax.vault.domain.access.View;

class AccessPolicyTest {

    @Test
    void clinicianOutsideTheCareTeamKeepsOnlyOtherRoles() {
        assertThat(AccessPolicy.patientView(AccessPolicy.readRoles(Set.of("clinician"), Scope.OUTSIDE)))
                .isEqualTo(View.NONE);
        assertThat(AccessPolicy.patientView(AccessPolicy.readRoles(Set.of("clinician", "scheduler"), Scope.OUTSIDE)))
                .isEqualTo(View.SCHEDULING);
        assertThat(AccessPolicy.patientView(AccessPolicy.readRoles(Set.of("clinician"), Scope.CARE_TEAM)))
                .isEqualTo(View.FULL);
    }

    @Test
    void breakGlassReadsInFullButNeverWrites() {
        assertThat(AccessPolicy.patientView(AccessPolicy.readRoles(Set.of("clinician"), Scope.BREAK_GLASS)))
                .isEqualTo(View.FULL);
        assertThat(AccessPolicy.patientWriteView(AccessPolicy.writeRoles(Set.of("clinician"), Scope.BREAK_GLASS)))
                .isEqualTo(View.NONE);
        assertThat(AccessPolicy.patientWriteView(AccessPolicy.writeRoles(Set.of("clinician"), Scope.CARE_TEAM)))
                .isEqualTo(View.FULL);
    }

    @Test
    void onlyCliniciansBreakGlassAndOnlyAdminsDecideExports() {
        assertThat(AccessPolicy.mayBreakGlass(Set.of("clinician"))).isTrue();
        assertThat(AccessPolicy.mayBreakGlass(Set.of("tenant-admin", "scheduler", "support")))
                .isFalse();
        assertThat(AccessPolicy.mayRequestExport(Set.of("clinician"))).isTrue();
        assertThat(AccessPolicy.mayRequestExport(Set.of("scheduler", "billing", "support", "auditor")))
                .isFalse();
        assertThat(AccessPolicy.mayDecideExport(Set.of("tenant-admin"))).isTrue();
        assertThat(AccessPolicy.mayDecideExport(Set.of("clinician"))).isFalse();
        assertThat(AccessPolicy.mayManageCareTeam(Set.of("clinician"))).isFalse();
    }

    @Test
    void eachRoleGetsItsPatientView() {
        assertThat(AccessPolicy.patientView(Set.of("clinician"))).isEqualTo(View.FULL);
        assertThat(AccessPolicy.patientView(Set.of("scheduler"))).isEqualTo(View.SCHEDULING);
        assertThat(AccessPolicy.patientView(Set.of("billing"))).isEqualTo(View.BILLING);
        assertThat(AccessPolicy.patientView(Set.of("support"))).isEqualTo(View.MASKED);
        assertThat(AccessPolicy.patientView(Set.of("auditor"))).isEqualTo(View.NONE);
        assertThat(AccessPolicy.patientView(Set.of("tenant-admin"))).isEqualTo(View.NONE);
    }

    @Test
    void unknownRolesGrantNothing() {
        assertThat(AccessPolicy.patientView(Set.of("admin", "superuser"))).isEqualTo(View.NONE);
        assertThat(AccessPolicy.patientWriteView(Set.of("admin"))).isEqualTo(View.NONE);
        assertThat(AccessPolicy.mayViewHistory(Set.of("admin"))).isFalse();
    }

    @Test
    void severalRolesGetTheWidestView() {
        assertThat(AccessPolicy.patientView(List.of("support", "billing"))).isEqualTo(View.BILLING);
        assertThat(AccessPolicy.patientView(List.of("scheduler", "clinician"))).isEqualTo(View.FULL);
    }

    @Test
    void schedulerAndBillingTogetherSeeBothPartialViews() {
        View both = AccessPolicy.patientView(List.of("scheduler", "billing"));

        assertThat(both).isEqualTo(View.SCHEDULING_AND_BILLING);
        assertThat(AccessPolicy.patientElements(both))
                .containsAll(AccessPolicy.SCHEDULING_PATIENT_ELEMENTS)
                .containsAll(AccessPolicy.BILLING_PATIENT_ELEMENTS);
    }

    @Test
    void schedulersSeeAndWriteAppointmentsOnly() {
        for (RecordType type : RecordType.values()) {
            boolean appointment = type == RecordType.APPOINTMENT;
            assertThat(AccessPolicy.recordView(Set.of("scheduler"), type))
                    .isEqualTo(appointment ? View.FULL : View.NONE);
            assertThat(AccessPolicy.mayWriteRecord(Set.of("scheduler"), type)).isEqualTo(appointment);
        }
    }

    @Test
    void billingSeesNoClinicalRecord() {
        for (RecordType type : RecordType.values()) {
            assertThat(AccessPolicy.recordView(Set.of("billing"), type)).isEqualTo(View.NONE);
        }
    }

    @Test
    void partialViewsShareNoClinicalElements() {
        assertThat(AccessPolicy.SCHEDULING_PATIENT_ELEMENTS).doesNotContain("identifier", "text", "extension");
        assertThat(AccessPolicy.BILLING_PATIENT_ELEMENTS).doesNotContain("telecom", "contact", "text", "extension");
    }
}
