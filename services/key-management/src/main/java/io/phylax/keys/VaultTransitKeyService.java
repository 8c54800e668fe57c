package io.phylax.keys;

import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.LogicalResponse;

/**
 * KEKs held by HashiCorp Vault Transit or OpenBao: the KEKs never leave the key service, which wraps and unwraps
 * for us. Each KEK name maps to the Transit key {@code keyPrefix + kekName} of type aes256-gcm96.
 *
 * <p>Needs a token whose policy allows, on {@code <mount>/keys/<prefix>*}: read (and create, if
 * createMissingKeys); and update on {@code <mount>/{encrypt,decrypt,rewrap}/<prefix>*} and
 * {@code <mount>/keys/<prefix>*}{@code /rotate}. Close it to release its HTTP client.
 */
public final class VaultTransitKeyService implements KeyEncryptionService, AutoCloseable {

    static final String PROVIDER = "vault-transit";

    private static final System.Logger LOG = System.getLogger(VaultTransitKeyService.class.getName());
    private static final String SCHEME = "vault";
    private static final String KEY_TYPE = "aes256-gcm96";
    // One retry rides out a dropped keep-alive connection or a leader change; more would only delay the 503.
    private static final int RETRIES = 1;
    private static final int RETRY_INTERVAL_MS = 200;
    // Transit is a logical (KV-version-1-style) backend: the driver must not insert KV v2's "data/" into paths.
    private static final int PLAIN_LOGICAL_PATHS = 1;

    private final VaultTransitSettings settings;
    private final HttpClient http;
    // Reads, encrypt, decrypt, rewrap and key creation are safe to repeat.
    private final Vault vault;
    // A retried rotate whose first response was lost would add two versions, so rotate is sent once.
    private final Vault vaultOnce;
    // Keys seen to exist, so the existence check costs one request per key per process.
    private final Set<String> knownKeys = ConcurrentHashMap.newKeySet();
    // Vault and OpenBao rewrap ignore associated_data (hashicorp/vault#29532); false once this server showed it.
    private volatile boolean rewrapBindsContext = true;

    public VaultTransitKeyService(VaultTransitSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        // One client for every request: the driver would otherwise build a new HttpClient (and thread) per call.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .build();
        this.vault = connect(RETRIES);
        this.vaultOnce = connect(0);
    }

    @Override
    public WrappedKey wrap(String kekName, byte[] dataKey, byte[] context) {
        Preconditions.requireKekName(kekName);
        Preconditions.requireDataKey(dataKey);
        Preconditions.requireContext(context);
        String key = transitKey(kekName);
        requireKey(key, settings.createMissingKeys());
        LogicalResponse response = send(
                "encrypt",
                key,
                () -> vault.logical()
                        .write(
                                path("encrypt", key),
                                Map.of("plaintext", base64(dataKey), "associated_data", base64(context))));
        int status = response.getRestResponse().getStatus();
        if (status != 200) {
            throw refused("encrypt", key, status);
        }
        return ciphertextOf(response, "encrypt", key);
    }

    @Override
    public byte[] unwrap(String kekName, WrappedKey wrapped, byte[] context) {
        Preconditions.requireKekName(kekName);
        Preconditions.requireWrapped(wrapped);
        Preconditions.requireContext(context);
        requireVaultCiphertext(wrapped);
        String key = transitKey(kekName);
        // Never create a key to decrypt with: a missing key is a misconfiguration, not a forged wrapped key.
        requireKey(key, false);
        LogicalResponse response = send(
                "decrypt",
                key,
                () -> vault.logical()
                        .write(
                                path("decrypt", key),
                                Map.of("ciphertext", wrapped.ciphertext(), "associated_data", base64(context))));
        int status = response.getRestResponse().getStatus();
        if (status == 400) {
            throw new KeyIntegrityException("wrapped key or context does not authenticate under Transit key " + key);
        }
        if (status != 200) {
            throw refused("decrypt", key, status);
        }
        String plaintext = response.getData().get("plaintext");
        if (plaintext != null) {
            try {
                return Base64.getDecoder().decode(plaintext);
            } catch (IllegalArgumentException e) {
                // Reported below; the message must not quote what Vault sent.
            }
        }
        throw new KeyUnavailableException("Vault Transit decrypt on " + key + " answered without a plaintext");
    }

    @Override
    public int rotate(String kekName) {
        Preconditions.requireKekName(kekName);
        String key = transitKey(kekName);
        if (!knownKeys.contains(key) && latestVersion(key) == 0) {
            if (!settings.createMissingKeys()) {
                throw missing(key);
            }
            // Rotating a KEK that does not exist creates it, as the local keyring does: its first version is new.
            createKey(key);
            knownKeys.add(key);
            return latestVersion(key);
        }
        LogicalResponse response =
                send("rotate", key, () -> vaultOnce.logical().write(path("keys", key) + "/rotate", null));
        int status = response.getRestResponse().getStatus();
        if (status != 200 && status != 204) {
            throw refused("rotate", key, status);
        }
        knownKeys.add(key);
        // Newer servers answer with the key's state; older ones with 204 and no body.
        String latest = response.getData().get("latest_version");
        return latest != null ? parseVersion(latest, key) : latestVersion(key);
    }

    @Override
    public int currentVersion(String kekName) {
        Preconditions.requireKekName(kekName);
        String key = transitKey(kekName);
        int latest = latestVersion(key);
        if (latest > 0) {
            knownKeys.add(key);
        }
        return latest;
    }

    @Override
    public WrappedKey rewrap(String kekName, WrappedKey wrapped, byte[] context) {
        Preconditions.requireKekName(kekName);
        Preconditions.requireWrapped(wrapped);
        Preconditions.requireContext(context);
        requireVaultCiphertext(wrapped);
        String key = transitKey(kekName);
        requireKey(key, false);
        boolean transitRewrap = rewrapBindsContext || context.length == 0;
        if (transitRewrap) {
            LogicalResponse response = send(
                    "rewrap",
                    key,
                    () -> vault.logical()
                            .write(
                                    path("rewrap", key),
                                    Map.of("ciphertext", wrapped.ciphertext(), "associated_data", base64(context))));
            int status = response.getRestResponse().getStatus();
            if (status == 200) {
                return ciphertextOf(response, "rewrap", key);
            }
            if (status != 400) {
                throw refused("rewrap", key, status);
            }
            // 400: either the wrapped key or context is bad, or the server ignored associated_data; decrypt tells.
        }
        byte[] dataKey = unwrap(kekName, wrapped, context);
        try {
            if (transitRewrap && context.length > 0 && rewrapBindsContext) {
                rewrapBindsContext = false;
                LOG.log(
                        System.Logger.Level.INFO,
                        "Vault Transit rewrap at {0} ignores associated_data; rewrapping by decrypt and encrypt"
                                + " in this process from now on",
                        settings.address());
            }
            return wrap(kekName, dataKey, context);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public void close() {
        http.close();
    }

    private Vault connect(int retries) {
        int timeoutSeconds = (int) Math.max(1, (settings.timeout().toMillis() + 999) / 1000);
        try {
            VaultConfig config = new VaultConfig()
                    .environmentLoader(new NoEnvironment())
                    .address(settings.address())
                    .token(settings.token())
                    .openTimeout(timeoutSeconds)
                    .readTimeout(timeoutSeconds)
                    .httpClient(http)
                    .build();
            return Vault.create(config, PLAIN_LOGICAL_PATHS).withRetries(retries, RETRY_INTERVAL_MS);
        } catch (VaultException e) {
            throw new IllegalArgumentException("cannot configure the Vault client for " + settings.address(), e);
        }
    }

    /** Makes sure the Transit key exists, creating it if allowed; remembers keys that exist. */
    private void requireKey(String key, boolean mayCreate) {
        if (knownKeys.contains(key)) {
            return;
        }
        if (latestVersion(key) == 0) {
            if (!mayCreate) {
                throw missing(key);
            }
            createKey(key);
        }
        knownKeys.add(key);
    }

    /** The key's latest_version, or 0 if it does not exist. Rejects keys that cannot take associated data. */
    private int latestVersion(String key) {
        LogicalResponse response = send("read", key, () -> vault.logical().read(path("keys", key)));
        int status = response.getRestResponse().getStatus();
        if (status == 404) {
            return 0;
        }
        if (status != 200) {
            throw refused("read", key, status);
        }
        String type = response.getData().get("type");
        if (type != null && !KEY_TYPE.equals(type)) {
            throw new KeyUnavailableException(
                    "Vault Transit key " + key + " has type " + type + "; KEKs must be " + KEY_TYPE);
        }
        return parseVersion(response.getData().get("latest_version"), key);
    }

    private void createKey(String key) {
        LogicalResponse response =
                send("create", key, () -> vault.logical().write(path("keys", key), Map.of("type", KEY_TYPE)));
        int status = response.getRestResponse().getStatus();
        if (status != 200 && status != 204) {
            throw refused("create", key, status);
        }
    }

    private static int parseVersion(String latest, String key) {
        if (latest != null && latest.matches("[1-9][0-9]{0,8}")) {
            return Integer.parseInt(latest);
        }
        throw new KeyUnavailableException("Vault Transit key " + key + " has no usable latest_version");
    }

    private static WrappedKey ciphertextOf(LogicalResponse response, String operation, String key) {
        String ciphertext = response.getData().get("ciphertext");
        if (ciphertext != null) {
            try {
                WrappedKey wrapped = WrappedKey.parse(ciphertext);
                if (SCHEME.equals(wrapped.scheme())) {
                    return wrapped;
                }
            } catch (KeyIntegrityException e) {
                // Reported below: a malformed answer is the key service failing, not our data being damaged.
            }
        }
        throw new KeyUnavailableException(
                "Vault Transit " + operation + " on " + key + " answered without a vault:v<N>: ciphertext");
    }

    private static void requireVaultCiphertext(WrappedKey wrapped) {
        if (!SCHEME.equals(wrapped.scheme())) {
            throw new KeyIntegrityException("wrapped key was not made by Vault Transit");
        }
    }

    private LogicalResponse send(String operation, String key, VaultCall call) {
        try {
            return call.run();
        } catch (VaultException e) {
            if (interrupted(e)) {
                Thread.currentThread().interrupt();
            }
            int status = e.getHttpStatusCode();
            // The driver's message quotes Vault's response body; only transport failures keep their cause.
            Throwable cause = status == 0 ? e.getCause() : null;
            String what = status == 0 ? "could not reach " + settings.address() : "answered HTTP " + status;
            throw new KeyUnavailableException("Vault Transit " + operation + " on " + key + " " + what, cause);
        }
    }

    private static KeyUnavailableException refused(String operation, String key, int status) {
        String reason = status == 403 ? " (permission denied)" : "";
        return new KeyUnavailableException(
                "Vault Transit " + operation + " on " + key + " answered HTTP " + status + reason);
    }

    private static KeyUnavailableException missing(String key) {
        return new KeyUnavailableException("Vault Transit has no key " + key);
    }

    private String transitKey(String kekName) {
        return settings.keyPrefix() + kekName;
    }

    private String path(String operation, String key) {
        return settings.mount() + "/" + operation + "/" + key;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** One call to Vault through the driver. */
    @FunctionalInterface
    private interface VaultCall {
        LogicalResponse run() throws VaultException;
    }

    /** Keeps VAULT_* environment variables from silently overriding the settings this service was given. */
    private static final class NoEnvironment extends EnvironmentLoader {
        @Override
        public String loadVariable(String name) {
            return null;
        }
    }
}
