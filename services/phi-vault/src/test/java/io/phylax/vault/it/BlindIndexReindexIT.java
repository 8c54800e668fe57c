package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.phylax.testkit.Databases;
import io.phylax.testkit.Tokens;
import io.phylax.vault.application.port.in.EraseSubjectUseCase;
import io.phylax.vault.application.port.in.PatientQueries;
import io.phylax.vault.application.port.in.ResourceSnapshot;
import io.phylax.vault.application.service.BlindIndexReindex;
import io.phylax.vault.domain.ErasureReason;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/**
 * The re-index job (ADR 14, 19) finds subjects that were never indexed (registered before the index existed,
 * staged here by deleting their terms), leaves erased ones out, and is an operator's call.
 */
@QuarkusTest
class BlindIndexReindexIT {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.4.1";

    @Inject
    Vertx vertx;

    @Inject
    TestSubjects subjects;

    @Inject
    EraseSubjectUseCase erasures;

    @Inject
    PatientQueries patients;

    @Inject
    BlindIndexReindex reindex;

    @Test
    void subjectsWithoutIndexTermsAreFoundAfterTheReindex() throws Exception {
        String tenant = OnVertx.freshTenant("ridx");
        List<String> canaries = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        // Several subjects, so that their random ids fall on both sides of any ordering mistake.
        for (int i = 0; i < 6; i++) {
            canaries.add(canary());
            ids.add(subjects.register(tenant, canaries.getLast()));
        }
        UUID erased = subjects.register(tenant, canary());
        OnVertx.await(
                vertx,
                () -> erasures.erase(new EraseSubjectUseCase.EraseSubjectCommand(
                        OnVertx.as(tenant, "tenant-admin"), erased, ErasureReason.PATIENT_REQUEST)));
        dropIndexTerms(tenant);
        assertThat(search(tenant, canaries.getFirst())).isEmpty();

        assertThat(reindex.reindexNow(tenant)).isEqualTo(6);

        for (int i = 0; i < 6; i++) {
            assertThat(search(tenant, canaries.get(i)))
                    .extracting(ResourceSnapshot::id)
                    .containsExactly(ids.get(i));
        }
        // Idempotent: a second run rebuilds the same terms, and still finds each subject once.
        assertThat(reindex.reindexNow(tenant)).isEqualTo(6);
        assertThat(search(tenant, canaries.getLast())).hasSize(1);
    }

    @Test
    void onlyOperatorsStartAReindex() {
        String tenant = OnVertx.freshTenant("ridx");
        String path = "/api/v1/admin/keys/" + tenant + "/reindex";

        assertThat(given().auth()
                        .oauth2(Tokens.forUser(CLINIC_A + "-tenant-admin"))
                        .post(path)
                        .statusCode())
                .isEqualTo(403);
        assertThat(given().auth()
                        .oauth2(Tokens.forClient("phylax-operator"))
                        .post(path)
                        .statusCode())
                .isEqualTo(202);
    }

    private List<ResourceSnapshot> search(String tenant, String canary) throws Exception {
        return OnVertx.await(
                vertx,
                () -> patients.search(new PatientQueries.SearchPatientsQuery(
                        OnVertx.as(tenant, "clinician"), MRN_SYSTEM, canary + "-MRN")));
    }

    /** As if the tenant's subjects had been registered before the blind index existed. */
    private static void dropIndexTerms(String tenant) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("DELETE FROM blind_index WHERE tenant = ?")) {
            st.setString(1, tenant);
            st.executeUpdate();
        }
    }
}
