package io.phylax.vault.adapter.out.keys;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.phylax.keys.KeyEncryptionService;
import io.phylax.keys.KeyIntegrityException;
import io.phylax.keys.KeyUnavailableException;
import io.phylax.keys.WrappedKey;
import io.phylax.vault.application.port.out.KeyInventoryPort;
import io.phylax.vault.application.port.out.KeyRotationPort;
import io.phylax.vault.application.port.out.KeyServiceUnavailableException;
import io.phylax.vault.application.port.out.WrapKeyPort;
import io.phylax.vault.application.port.out.WrappedDataKey;
import io.phylax.vault.application.port.out.WrappedIndexKey;
import io.phylax.vault.domain.crypto.AssociatedData;
import io.phylax.vault.domain.crypto.IntegrityException;
import io.quarkus.runtime.Startup;

/**
 * Wraps subjects' data keys under their tenant's key-encryption key (one KEK name per tenant), binding
 * each wrapped key to its tenant and subject so a wrapped key moved to another row does not unwrap. A wrapped
 * key below the tenant's minimum decryption version (ADR 15) is never unwrapped nor rewrapped, whichever the
 * provider: the local keyring keeps every version and has no minimum of its own, and Transit's
 * {@code min_decryption_version} is only as good as its configuration.
 */
@ApplicationScoped
@Startup // so that the error counters exist at zero before the first failure (ADR 0052)
public class WrapKeyAdapter implements WrapKeyPort, KeyRotationPort {

    private static final Logger LOG = Logger.getLogger(WrapKeyAdapter.class);
    /** Operations counted in phylax_vault_key_service_errors_total{operation} (ADR 0052). */
    private static final List<String> OPERATIONS = List.of("wrap", "unwrap", "rotate", "version", "rewrap");

    private final KeyEncryptionService keys;
    private final KeyInventoryPort inventory;
    private final MeterRegistry registry;

    @Inject
    public WrapKeyAdapter(KeyEncryptionService keys, KeyInventoryPort inventory, MeterRegistry registry) {
        this.keys = keys;
        this.inventory = inventory;
        this.registry = registry;
        for (String operation : OPERATIONS) {
            errors(operation);
        }
    }

    private Counter errors(String operation) {
        return Counter.builder("phylax_vault_key_service_errors")
                .tag("operation", operation)
                .register(registry);
    }

    /** phylax_vault_key_service_calls_total{operation}: every call to the key service (benchmarks read it). */
    private void called(String operation) {
        Counter.builder("phylax_vault_key_service_calls")
                .tag("operation", operation)
                .register(registry)
                .increment();
    }

    /** The key service could not answer: counted for the alert, and refused (fail closed). */
    private KeyServiceUnavailableException unavailable(String operation, KeyUnavailableException e) {
        errors(operation).increment();
        return new KeyServiceUnavailableException(e);
    }

    /** Refuses a wrapped key below the tenant's minimum as Transit does: as one that does not authenticate. */
    private void requireMinimum(String tenant, int kekVersion) {
        // Read at every unwrap (they are rare: unwrapped keys are cached), so a raised minimum holds at once.
        int minimum = inventory.minVersion(tenant);
        if (kekVersion < minimum) {
            LOG.errorf(
                    "refused a key of tenant %s wrapped with KEK version %d, below the minimum %d",
                    tenant, kekVersion, minimum);
            throw new IntegrityException();
        }
    }

    @Override
    public WrappedDataKey wrap(String tenant, UUID subjectId, byte[] dataKey) {
        called("wrap");
        try {
            WrappedKey wrapped = keys.wrap(tenant, dataKey, AssociatedData.dataKey(tenant, subjectId));
            return new WrappedDataKey(subjectId, tenant, keys.provider(), wrapped.kekVersion(), wrapped.ciphertext());
        } catch (KeyUnavailableException e) {
            throw unavailable("wrap", e);
        }
    }

    @Override
    public byte[] unwrap(WrappedDataKey wrapped) {
        requireMinimum(wrapped.tenant(), wrapped.kekVersion());
        called("unwrap");
        try {
            return keys.unwrap(
                    wrapped.tenant(),
                    new WrappedKey(wrapped.kekVersion(), wrapped.wrapped()),
                    AssociatedData.dataKey(wrapped.tenant(), wrapped.subjectId()));
        } catch (KeyUnavailableException e) {
            throw unavailable("unwrap", e);
        } catch (KeyIntegrityException e) {
            throw new IntegrityException();
        }
    }

    @Override
    public WrappedIndexKey wrapIndexKey(String tenant, byte[] indexKey) {
        called("wrap");
        try {
            WrappedKey wrapped = keys.wrap(tenant, indexKey, AssociatedData.indexKey(tenant));
            return new WrappedIndexKey(tenant, keys.provider(), wrapped.kekVersion(), wrapped.ciphertext());
        } catch (KeyUnavailableException e) {
            throw unavailable("wrap", e);
        }
    }

    @Override
    public byte[] unwrapIndexKey(WrappedIndexKey wrapped) {
        requireMinimum(wrapped.tenant(), wrapped.kekVersion());
        called("unwrap");
        try {
            return keys.unwrap(
                    wrapped.tenant(),
                    new WrappedKey(wrapped.kekVersion(), wrapped.wrapped()),
                    AssociatedData.indexKey(wrapped.tenant()));
        } catch (KeyUnavailableException e) {
            throw unavailable("unwrap", e);
        } catch (KeyIntegrityException e) {
            throw new IntegrityException();
        }
    }

    @Override
    public int rotate(String tenant) {
        called("rotate");
        try {
            return keys.rotate(tenant);
        } catch (KeyUnavailableException e) {
            throw unavailable("rotate", e);
        }
    }

    @Override
    public int currentVersion(String tenant) {
        called("version");
        try {
            return keys.currentVersion(tenant);
        } catch (KeyUnavailableException e) {
            throw unavailable("version", e);
        }
    }

    @Override
    public String provider() {
        return keys.provider();
    }

    @Override
    public WrappedDataKey rewrap(WrappedDataKey wrapped) {
        WrappedKey next = rewrap(
                wrapped.tenant(),
                new WrappedKey(wrapped.kekVersion(), wrapped.wrapped()),
                AssociatedData.dataKey(wrapped.tenant(), wrapped.subjectId()));
        return new WrappedDataKey(
                wrapped.subjectId(), wrapped.tenant(), keys.provider(), next.kekVersion(), next.ciphertext());
    }

    @Override
    public WrappedIndexKey rewrap(WrappedIndexKey wrapped) {
        WrappedKey next = rewrap(
                wrapped.tenant(),
                new WrappedKey(wrapped.kekVersion(), wrapped.wrapped()),
                AssociatedData.indexKey(wrapped.tenant()));
        return new WrappedIndexKey(wrapped.tenant(), keys.provider(), next.kekVersion(), next.ciphertext());
    }

    /** Transit rewraps inside the key service; the local keyring unwraps and wraps in this process. */
    private WrappedKey rewrap(String tenant, WrappedKey wrapped, byte[] context) {
        requireMinimum(tenant, wrapped.kekVersion());
        called("rewrap");
        try {
            return keys.rewrap(tenant, wrapped, context);
        } catch (KeyUnavailableException e) {
            throw unavailable("rewrap", e);
        } catch (KeyIntegrityException e) {
            throw new IntegrityException();
        }
    }
}
