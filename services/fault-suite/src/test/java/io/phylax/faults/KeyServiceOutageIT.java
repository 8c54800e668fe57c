package io.phylax.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.phylax.testkit.Databases;
import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Tokens;

/**
 * The key service gone while a vault runs (a vault on the {@code vault-transit} provider, whose Transit stand-in is
 * stopped): registrations, which need a new data key wrapped, fail closed with 503 and store nothing; reads go on
 * only for a subject whose data key is in the vault's cache, and only until the cache's bound (its TTL) runs out.
 */
class KeyServiceOutageIT {

    /**
     * The key-cache TTL of this test's own vault process: short enough to be waited out twice, long enough for the
     * calls made while a key must still be cached (the production default is 5 minutes).
     */
    private static final Duration KEY_CACHE_TTL = Duration.ofSeconds(8);

    @Test
    void writesFailClosedAndReadsContinueOnlyForKeysCachedWithinTheirBound() throws Exception {
        try (TransitVault vault = TransitVault.start(KEY_CACHE_TTL)) {
            VaultApi clinician =
                    new VaultApi(vault.url(), Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_A, "clinician")));
            // Registered and read first, then left until its key has aged out of the cache: readable only through
            // the key service from then on.
            UUID aged = register(clinician);
            assertThat(clinician.read(aged).status())
                    .as("a read with the key service up")
                    .isEqualTo(200);
            sleepPast(Instant.now().plus(KEY_CACHE_TTL));
            // Registered now: the vault keeps the key it created, so its reads need no key service for one TTL.
            UUID cached = register(clinician);
            Instant cachedUntil = Instant.now().plus(KEY_CACHE_TTL);

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
            assertThat(clinician.read(aged).status())
                    .as("a read of a subject whose data key is no longer cached, with the key service down")
                    .isEqualTo(503);
            assertThat(clinician.read(cached).status())
                    .as("a read of a subject whose data key is cached, within the cache's bound")
                    .isEqualTo(200);
            assertThat(Instant.now())
                    .as("still within the cached key's bound when it was read")
                    .isBefore(cachedUntil);

            sleepPast(cachedUntil);
            assertThat(clinician.read(cached).status())
                    .as("a read of the once-cached subject after the cache's bound")
                    .isEqualTo(503);
        }
    }

    private static UUID register(VaultApi clinician) {
        return clinician
                .register(Patients.patient(Patients.canary(), "female"))
                .created()
                .orElseThrow(() -> new AssertionError("registration with the key service up failed"));
    }

    /** Sleeps until a second past {@code instant}, so that a cache entry expiring then has expired. */
    private static void sleepPast(Instant instant) throws InterruptedException {
        Duration left = Duration.between(Instant.now(), instant).plusSeconds(1);
        if (!left.isNegative()) {
            Thread.sleep(left.toMillis());
        }
    }

    /**
     * How many events, stream states and data keys the vault holds (nothing else writes while this runs), as the
     * owner: the runtime role sees no row of a tenant-scoped table without a tenant set.
     */
    private static long[] storedRows() throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                Statement query = db.createStatement();
                ResultSet row = query.executeQuery("SELECT (SELECT count(*) FROM vault_event),"
                        + " (SELECT count(*) FROM stream_state), (SELECT count(*) FROM data_key)")) {
            row.next();
            return new long[] {row.getLong(1), row.getLong(2), row.getLong(3)};
        }
    }
}
