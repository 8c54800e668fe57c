package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.phylax.testkit.Databases;
import io.phylax.vault.application.fhir.FhirCodec;
import io.phylax.vault.application.port.in.AddRecordUseCase;
import io.phylax.vault.application.port.in.RegisterPatientUseCase;
import io.phylax.vault.application.service.Retention;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/** Retention erases exactly the subjects past their tenant's policy, and a run killed half-way finishes later
 * without erasing any subject twice. */
@QuarkusTest
class RetentionIT {

    @Inject
    Vertx vertx;

    @Inject
    RegisterPatientUseCase registrations;

    @Inject
    AddRecordUseCase additions;

    @Inject
    FhirCodec fhir;

    @Inject
    Retention retention;

    private UUID register(String tenant) throws Exception {
        return OnVertx.await(
                        vertx,
                        () -> registrations.register(new RegisterPatientUseCase.RegisterPatientCommand(
                                OnVertx.as(tenant, "clinician"), fhir.parse(patient(canary())), null)))
                .snapshot()
                .id();
    }

    private List<UUID> registerInactive(String tenant, int count, int daysAgo) throws Exception {
        List<UUID> subjects = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = register(tenant);
            backdate(id, id, daysAgo);
            subjects.add(id);
        }
        return subjects;
    }

    @Test
    void erasesOnlySubjectsPastTheirTenantsPolicy() throws Exception {
        String tenant = OnVertx.freshTenant("ret");
        List<UUID> inactive = registerInactive(tenant, 2, 10);
        UUID recent = register(tenant);
        UUID recentRecord = registerInactive(tenant, 1, 10).getFirst();
        // The subject itself is old, but a record filed under it changed today: the subject is active.
        OnVertx.await(
                vertx,
                () -> additions.add(new AddRecordUseCase.AddRecordCommand(
                        OnVertx.as(tenant, "clinician"),
                        recentRecord,
                        fhir.parse(SyntheticPatients.observation(canary())))));
        String otherTenant = OnVertx.freshTenant("rex");
        UUID withoutPolicy = registerInactive(otherTenant, 1, 10).getFirst();
        retention.setPolicy(OnVertx.as(tenant, "tenant-admin"), 5);

        assertThat(retention.runFor(tenant, Long.MAX_VALUE)).isEqualTo(2);
        assertThat(retention.runFor(otherTenant, Long.MAX_VALUE)).isZero();

        assertThat(VaultDatabase.subjectErasedEvents(tenant))
                .containsOnlyKeys(inactive)
                .allSatisfy((subject, count) -> assertThat(count).isEqualTo(1));
        assertThat(reasonOf(inactive.getFirst())).isEqualTo("RETENTION_POLICY:retention-policy");
        assertThat(VaultDatabase.dataKeyExists(inactive.getFirst())).isFalse();
        assertThat(VaultDatabase.dataKeyExists(recent)).isTrue();
        assertThat(VaultDatabase.dataKeyExists(recentRecord)).isTrue();
        assertThat(VaultDatabase.dataKeyExists(withoutPolicy)).isTrue();
    }

    @Test
    void anInterruptedRunFinishesLaterWithoutErasingAnySubjectTwice() throws Exception {
        String tenant = OnVertx.freshTenant("rtc");
        List<UUID> inactive = registerInactive(tenant, 5, 3);
        retention.setPolicy(OnVertx.as(tenant, "tenant-admin"), 1);

        assertThatThrownBy(() -> retention.runFor(tenant, 2)).isInstanceOf(Retention.SimulatedCrash.class);
        assertThat(VaultDatabase.subjectErasedEvents(tenant)).hasSize(2);

        assertThat(retention.runFor(tenant, Long.MAX_VALUE)).isEqualTo(3);
        assertThat(VaultDatabase.subjectErasedEvents(tenant))
                .containsOnlyKeys(inactive)
                .allSatisfy((subject, count) -> assertThat(count)
                        .as("SubjectErased events of " + subject)
                        .isEqualTo(1));
        assertThat(retention.runFor(tenant, Long.MAX_VALUE)).isZero();
    }

    @Test
    void aTenantAdminSetsThePolicy() {
        VaultClient admin = VaultClient.as(CLINIC_A, "tenant-admin");
        // A century: long enough never to erase anything another test (or `make run`) relies on.
        admin.request()
                .contentType("application/json")
                .body("{\"inactiveAfterDays\":36500}")
                .put("/api/v1/admin/retention")
                .then()
                .statusCode(200)
                .body("inactiveAfterDays", equalTo(36500));
        admin.request().get("/api/v1/admin/retention").then().statusCode(200).body("inactiveAfterDays", equalTo(36500));

        VaultClient.as(CLINIC_A, "clinician")
                .request()
                .contentType("application/json")
                .body("{\"inactiveAfterDays\":1}")
                .put("/api/v1/admin/retention")
                .then()
                .statusCode(403);
        admin.request()
                .contentType("application/json")
                .body("{\"inactiveAfterDays\":\"soon\"}")
                .put("/api/v1/admin/retention")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("inactiveAfterDays"));
        admin.request()
                .contentType("application/json")
                .body("{\"inactiveAfterDays\":0}")
                .put("/api/v1/admin/retention")
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("inactiveAfterDays"));
    }

    /** Moves every change of a stream back in time, as the owner role may (the service role may not). */
    private static void backdate(UUID subject, UUID stream, int days) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("UPDATE stream_state SET updated_at = now()"
                        + " - make_interval(days => ?), created_at = now() - make_interval(days => ?)"
                        + " WHERE subject_id = ? AND stream_id = ?")) {
            st.setInt(1, days);
            st.setInt(2, days);
            st.setObject(3, subject);
            st.setObject(4, stream);
            st.executeUpdate();
        }
    }

    private static String reasonOf(UUID subject) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st =
                        db.prepareStatement("SELECT reason, actor_subject FROM subject_erasure WHERE subject_id = ?")) {
            st.setObject(1, subject);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1) + ":" + rs.getString(2);
            }
        }
    }
}
