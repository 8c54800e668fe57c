package io.phylax.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.phylax.testkit.Databases;
import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Tokens;

/**
 * The key service gone while a vault runs (a vault on the {@code vault-transit} provider, whose Transit stand-in is
 * stopped): registrations, which need a new data key wrapped, fail closed with 503 and store nothing; reads of a
 * subject whose data key is still in the vault's cache go on.
 */
class KeyServiceOutageIT {

    @Test
    void writesFailClosedWith503AndStoreNothingWhileCachedReadsContinue() throws Exception {
        try (TransitVault vault = TransitVault.start()) {
            VaultApi clinician =
                    new VaultApi(vault.url(), Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_A, "clinician")));
            UUID cached = clinician
                    .register(Patients.patient(Patients.canary(), "female"))
                    .created()
                    .orElseThrow(() -> new AssertionError("registration with the key service up failed"));
            assertThat(clinician.read(cached).status())
                    .as("a read with the key service up")
                    .isEqualTo(200);

            vault.stopKeyService();
            long[] before = storedRows();
            for (int i = 0; i < 3; i++) {
                assertThat(clinician
                                .register(Patients.patient(Patients.canary(), "male"))
                                .status())
                        .as("a registration with the key service down")
                        .isEqualTo(503);
            }
            assertThat(storedRows())
                    .as("events, projections and data keys stored")
                    .containsExactly(before);
            assertThat(clinician.read(cached).status())
                    .as("a read of a subject whose data key is cached")
                    .isEqualTo(200);
        }
    }

    /** How many events, stream states and data keys the vault holds (nothing else writes while this runs). */
    private static long[] storedRows() throws SQLException {
        try (Connection db = Databases.connect("phi-vault");
                Statement query = db.createStatement();
                ResultSet row = query.executeQuery("SELECT (SELECT count(*) FROM vault_event),"
                        + " (SELECT count(*) FROM stream_state), (SELECT count(*) FROM data_key)")) {
            row.next();
            return new long[] {row.getLong(1), row.getLong(2), row.getLong(3)};
        }
    }
}
