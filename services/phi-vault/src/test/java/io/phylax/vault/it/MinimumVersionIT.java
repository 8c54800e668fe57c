package io.phylax.vault.it;

import static io.phylax.vault.it.SyntheticPatients.canary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.phylax.testkit.Databases;
import io.phylax.vault.application.port.in.ResourceSnapshot;
import io.phylax.vault.application.service.DataKeys;
import io.phylax.vault.application.service.KeyRotation;
import io.phylax.vault.domain.crypto.IntegrityException;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The minimum decryption version is a decryption rule with the local keyring too (ADR 15, 19): once raised, a
 * data key wrapped below it (say, restored from an old backup) is refused as Transit refuses one below its
 * {@code min_decryption_version}, although the keyring still holds that KEK version.
 */
@QuarkusTest
class MinimumVersionIT {

    @Inject
    TestSubjects subjects;

    @Inject
    DataKeys dataKeys;

    @Inject
    KeyRotation rotation;

    @Test
    void keyRestoredBelowTheRaisedMinimumIsRefusedAndReadsAgainOnceTheMinimumIsLowered() throws Exception {
        String tenant = OnVertx.freshTenant("minv");
        String canary = canary();
        UUID subject = subjects.register(tenant, canary);
        WrappedRow original = wrappedRow(subject);
        assertThat(original.version()).isEqualTo(1);
        rotation.rotate(tenant, "test-operator");
        assertThat(rotation.rewrapNow(tenant, Long.MAX_VALUE)).isTrue();
        assertThat(wrappedRow(subject).version()).isEqualTo(2);
        rotation.setMinVersion(tenant, 2, "test-operator");

        // An old backup of the data-key table comes back: the key is wrapped with version 1 again, which the
        // local keyring still holds.
        restore(subject, original);

        assertThatThrownBy(() -> readFromStoredKey(tenant, subject)).cause().isInstanceOf(IntegrityException.class);
        // The minimum, nothing else, is what refused it.
        rotation.setMinVersion(tenant, 1, "test-operator");
        assertThat(readFromStoredKey(tenant, subject).json()).contains(canary + "-Family");
    }

    private ResourceSnapshot readFromStoredKey(String tenant, UUID subject) throws Exception {
        dataKeys.forget(subject);
        return subjects.read(tenant, subject);
    }

    /** A data-key row's KEK version and wrapped bytes, as a backup holds them. */
    private record WrappedRow(int version, String wrapped) {}

    private static WrappedRow wrappedRow(UUID subject) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st =
                        db.prepareStatement("SELECT kek_version, wrapped FROM data_key WHERE subject_id = ?")) {
            st.setObject(1, subject);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new WrappedRow(rs.getInt(1), rs.getString(2));
            }
        }
    }

    private static void restore(UUID subject, WrappedRow row) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st =
                        db.prepareStatement("UPDATE data_key SET kek_version = ?, wrapped = ? WHERE subject_id = ?")) {
            st.setInt(1, row.version());
            st.setString(2, row.wrapped());
            st.setObject(3, subject);
            st.executeUpdate();
        }
    }
}
