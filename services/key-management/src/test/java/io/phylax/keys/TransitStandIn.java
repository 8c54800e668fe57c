package io.phylax.keys;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;

/**
 * A Vault Transit stand-in on 127.0.0.1 for tests: the keys, encrypt, decrypt, rotate and rewrap endpoints with
 * Vault's JSON shapes, token check and real AES-256-GCM, so clients can be tested without a Vault process.
 *
 * <p>Like Vault, encrypt creates a missing key (a root token may). Switches make it answer an error status, answer
 * late, or rewrap the way Vault and OpenBao do today (ignoring associated_data).
 */
public final class TransitStandIn implements AutoCloseable {

    /** The mount the no-argument {@link #start()} serves. */
    public static final String DEFAULT_MOUNT = "transit";

    private static final String KEY_TYPE = "aes256-gcm96";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    // Vault's GenericNameRegex: word characters, with '.', '-' and '@' inside.
    private static final Pattern KEY_NAME = Pattern.compile("\\w(?:[\\w.@-]*\\w)?");
    private static final Pattern CIPHERTEXT = Pattern.compile("vault:v(\\d{1,9}):(.*)");

    private final HttpServer server;
    private final ExecutorService executor;
    private final String token;
    private final String mount;
    private final SecureRandom random = new SecureRandom();
    private final CountDownLatch closed = new CountDownLatch(1);

    // Guarded by this.
    private final Map<String, List<SecretKey>> keys = new HashMap<>();
    private final Map<String, String> keyTypes = new HashMap<>();
    private final List<String> requests = new ArrayList<>();

    private volatile int forcedStatus;
    private volatile Duration answerDelay = Duration.ZERO;
    private volatile boolean rewrapIgnoresAssociatedData;

    private TransitStandIn(String token, String mount) throws IOException {
        this.token = token;
        this.mount = mount;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    /** Starts on a free port with mount {@value #DEFAULT_MOUNT} and a random token. */
    public static TransitStandIn start() {
        return start(DEFAULT_MOUNT);
    }

    /** Starts on a free port serving Transit at mount, with a random token. */
    public static TransitStandIn start(String mount) {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        try {
            return new TransitStandIn("s." + HexFormat.of().formatHex(secret), mount);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Transit stand-in", e);
        }
    }

    /**
     * Runs a stand-in until killed, to point a service or the real-Vault test at it by hand. Arguments: an optional
     * mount, and {@code --rewrap-ignores-associated-data} to rewrap as Vault and OpenBao do today.
     */
    public static void main(String[] args) throws InterruptedException {
        List<String> arguments = List.of(args);
        String mount =
                arguments.stream().filter(a -> !a.startsWith("--")).findFirst().orElse(DEFAULT_MOUNT);
        try (TransitStandIn standIn = start(mount)) {
            standIn.rewrapIgnoresAssociatedData(arguments.contains("--rewrap-ignores-associated-data"));
            System.out.println("VAULT_ADDR=" + standIn.address());
            System.out.println("VAULT_TOKEN=" + standIn.token());
            System.out.println("PHYLAX_TRANSIT_MOUNT=" + standIn.mount());
            System.out.flush();
            standIn.closed.await();
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The only token it accepts. */
    public String token() {
        return token;
    }

    public String mount() {
        return mount;
    }

    /** Settings for a client of this stand-in, with a short timeout so failure tests end fast. */
    public VaultTransitSettings settings(String keyPrefix, boolean createMissingKeys) {
        return new VaultTransitSettings(address(), token, mount, keyPrefix, createMissingKeys, Duration.ofSeconds(2));
    }

    /** From now on answer every request with status (e.g. 503, as a sealed Vault does). */
    public void answerWith(int status) {
        forcedStatus = status;
    }

    /** From now on wait this long before answering (to trip client timeouts). */
    public void delayAnswers(Duration delay) {
        answerDelay = delay;
    }

    /** Undo {@link #answerWith} and {@link #delayAnswers}. */
    public void answerNormally() {
        forcedStatus = 0;
        answerDelay = Duration.ZERO;
    }

    /**
     * Rewrap the way Vault and OpenBao do today: associated_data is ignored, so ciphertext made with it fails to
     * authenticate (hashicorp/vault#29532). Off by default, which is the behaviour the API documents for encrypt.
     */
    public void rewrapIgnoresAssociatedData(boolean ignore) {
        rewrapIgnoresAssociatedData = ignore;
    }

    /** Whether a Transit key of this exact name exists. */
    public synchronized boolean hasKey(String name) {
        return keys.containsKey(name);
    }

    /** Creates an aes256-gcm96 key as an operator would, outside any client. */
    public synchronized void createKey(String name) {
        createKey(name, KEY_TYPE);
    }

    /** Creates a key that reports another type; only aes256-gcm96 keys encrypt and decrypt here. */
    public synchronized void createKey(String name, String type) {
        if (!keys.containsKey(name)) {
            keys.put(name, new ArrayList<>(List.of(newKey())));
            keyTypes.put(name, type);
        }
    }

    /** Every request so far as "METHOD /v1/path", oldest first. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many requests went to /v1/mount/operation/name (operation e.g. "encrypt", "keys"). */
    public synchronized long requestCount(String operation, String name) {
        String path = "/v1/" + mount + "/" + operation + "/" + name;
        return requests.stream().filter(r -> r.endsWith(" " + path)).count();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        closed.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            synchronized (this) {
                requests.add(method + " " + path);
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (!answerDelay.isZero()) {
                try {
                    Thread.sleep(answerDelay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (forcedStatus != 0) {
                error(exchange, forcedStatus, forcedStatus == 503 ? "Vault is sealed" : "stand-in told to fail");
                return;
            }
            String presented = exchange.getRequestHeaders().getFirst("X-Vault-Token");
            if (presented == null || !MessageDigest.isEqual(presented.getBytes(UTF_8), token.getBytes(UTF_8))) {
                error(exchange, 403, "permission denied");
                return;
            }
            route(exchange, method, path, body);
        }
    }

    private void route(HttpExchange exchange, String method, String path, byte[] body) throws IOException {
        String base = "/v1/" + mount + "/";
        if (!path.startsWith(base)) {
            error(exchange, 404, "no handler for route \"" + path + "\"");
            return;
        }
        String[] parts = path.substring(base.length()).split("/", -1);
        boolean write = method.equals("POST") || method.equals("PUT");
        if (parts.length < 2 || !KEY_NAME.matcher(parts[1]).matches()) {
            error(exchange, 404, "unsupported path");
            return;
        }
        String name = parts[1];
        String operation = parts[0] + (parts.length == 3 ? "/" + parts[2] : "");
        if (parts.length > 3 || (parts.length == 3 && !operation.equals("keys/rotate"))) {
            error(exchange, 404, "unsupported path");
            return;
        }
        if (operation.equals("keys") && method.equals("GET")) {
            readKey(exchange, name);
            return;
        }
        if (!write) {
            error(exchange, 405, "unsupported operation");
            return;
        }
        JsonObject request = parseObject(body);
        if (request == null) {
            error(exchange, 400, "failed to parse JSON input");
            return;
        }
        switch (operation) {
            case "keys" -> createKey(exchange, name, request);
            case "keys/rotate" -> rotate(exchange, name);
            case "encrypt" -> encrypt(exchange, name, request);
            case "decrypt" -> decrypt(exchange, name, request);
            case "rewrap" -> rewrap(exchange, name, request);
            default -> error(exchange, 404, "unsupported path");
        }
    }

    private void readKey(HttpExchange exchange, String name) throws IOException {
        JsonObject info;
        synchronized (this) {
            if (!keys.containsKey(name)) {
                // Vault answers a read of a missing key with 404 and an empty error list.
                respond(exchange, 404, Json.object().add("errors", Json.array()));
                return;
            }
            info = keyInfo(name);
        }
        respond(exchange, 200, envelope(info));
    }

    private void createKey(HttpExchange exchange, String name, JsonObject request) throws IOException {
        String type = string(request, "type");
        if (type != null && !type.equals(KEY_TYPE)) {
            error(exchange, 400, "the stand-in only supports key type " + KEY_TYPE);
            return;
        }
        createKey(name);
        respond(exchange, 204, null);
    }

    private void rotate(HttpExchange exchange, String name) throws IOException {
        JsonObject info;
        synchronized (this) {
            List<SecretKey> versions = keys.get(name);
            if (versions == null) {
                error(exchange, 400, "key not found");
                return;
            }
            versions.add(newKey());
            info = keyInfo(name);
        }
        respond(exchange, 200, envelope(info));
    }

    private void encrypt(HttpExchange exchange, String name, JsonObject request) throws IOException {
        byte[] plaintext = decode(string(request, "plaintext"));
        byte[] associatedData = decode(stringOrEmpty(request, "associated_data"));
        if (plaintext == null) {
            error(exchange, 400, "failed to base64-decode plaintext");
            return;
        }
        if (associatedData == null) {
            error(exchange, 400, "failed to base64-decode associated_data");
            return;
        }
        SecretKey key;
        int version;
        String type;
        synchronized (this) {
            // Vault upserts: encrypting under a missing key creates it (for a token allowed to create).
            createKey(name);
            type = keyTypes.get(name);
            List<SecretKey> versions = keys.get(name);
            version = versions.size();
            key = versions.get(version - 1);
        }
        if (!type.equals(KEY_TYPE)) {
            error(exchange, 400, "associated_data provided for non-AEAD cipher suite " + type);
            return;
        }
        String ciphertext = seal(key, version, associatedData, plaintext);
        respond(
                exchange,
                200,
                envelope(Json.object().add("ciphertext", ciphertext).add("key_version", version)));
    }

    private void decrypt(HttpExchange exchange, String name, JsonObject request) throws IOException {
        byte[] associatedData = decode(stringOrEmpty(request, "associated_data"));
        if (associatedData == null) {
            error(exchange, 400, "failed to base64-decode associated_data");
            return;
        }
        Opened opened = open(name, string(request, "ciphertext"), associatedData);
        if (opened.error() != null) {
            error(exchange, 400, opened.error());
            return;
        }
        respond(
                exchange,
                200,
                envelope(Json.object().add("plaintext", Base64.getEncoder().encodeToString(opened.plaintext()))));
    }

    private void rewrap(HttpExchange exchange, String name, JsonObject request) throws IOException {
        byte[] associatedData =
                rewrapIgnoresAssociatedData ? new byte[0] : decode(stringOrEmpty(request, "associated_data"));
        if (associatedData == null) {
            error(exchange, 400, "failed to base64-decode associated_data");
            return;
        }
        Opened opened = open(name, string(request, "ciphertext"), associatedData);
        if (opened.error() != null) {
            error(exchange, 400, opened.error());
            return;
        }
        SecretKey key;
        int version;
        synchronized (this) {
            List<SecretKey> versions = keys.get(name);
            version = versions.size();
            key = versions.get(version - 1);
        }
        String ciphertext = seal(key, version, associatedData, opened.plaintext());
        respond(
                exchange,
                200,
                envelope(Json.object().add("ciphertext", ciphertext).add("key_version", version)));
    }

    /** The plaintext, or the error text Vault would answer with 400. */
    private record Opened(byte[] plaintext, String error) {}

    private Opened open(String name, String ciphertext, byte[] associatedData) {
        if (ciphertext == null || ciphertext.isEmpty()) {
            return new Opened(null, "missing ciphertext to decrypt");
        }
        SecretKey key;
        String encoded;
        synchronized (this) {
            List<SecretKey> versions = keys.get(name);
            if (versions == null) {
                return new Opened(null, "encryption key not found");
            }
            if (!keyTypes.get(name).equals(KEY_TYPE)) {
                return new Opened(null, "the stand-in only decrypts with " + KEY_TYPE + " keys");
            }
            Matcher m = CIPHERTEXT.matcher(ciphertext);
            if (!m.matches()) {
                return new Opened(null, "invalid ciphertext: no prefix");
            }
            int version = Integer.parseInt(m.group(1));
            if (version < 1 || version > versions.size()) {
                return new Opened(null, "invalid key version");
            }
            key = versions.get(version - 1);
            encoded = m.group(2);
        }
        byte[] sealed = decode(encoded);
        if (sealed == null || sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            return new Opened(null, "invalid ciphertext: could not decode");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            if (associatedData.length > 0) {
                cipher.updateAAD(associatedData);
            }
            return new Opened(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), null);
        } catch (AEADBadTagException e) {
            return new Opened(null, "cipher: message authentication failed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed in the stand-in", e);
        }
    }

    private String seal(SecretKey key, int version, byte[] associatedData, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            if (associatedData.length > 0) {
                cipher.updateAAD(associatedData);
            }
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
            return "vault:v" + version + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed in the stand-in", e);
        }
    }

    private SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, random);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256 is not available", e);
        }
    }

    /** Vault's key read shape (the fields clients look at). Holds this. */
    private JsonObject keyInfo(String name) {
        List<SecretKey> versions = keys.get(name);
        JsonObject created = Json.object();
        long now = Instant.now().getEpochSecond();
        for (int v = 1; v <= versions.size(); v++) {
            created.add(Integer.toString(v), now);
        }
        return Json.object()
                .add("name", name)
                .add("type", keyTypes.get(name))
                .add("keys", created)
                .add("latest_version", versions.size())
                .add("min_available_version", 0)
                .add("min_decryption_version", 1)
                .add("min_encryption_version", 0)
                .add("deletion_allowed", false)
                .add("derived", false)
                .add("exportable", false)
                .add("supports_encryption", true)
                .add("supports_decryption", true)
                .add("supports_derivation", true)
                .add("supports_signing", false);
    }

    private static JsonObject envelope(JsonObject data) {
        return Json.object()
                .add("request_id", UUID.randomUUID().toString())
                .add("lease_id", "")
                .add("renewable", false)
                .add("lease_duration", 0)
                .add("data", data)
                .add("wrap_info", Json.NULL)
                .add("warnings", Json.NULL)
                .add("auth", Json.NULL);
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        respond(exchange, status, Json.object().add("errors", Json.array(message)));
    }

    private static void respond(HttpExchange exchange, int status, JsonObject body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.toString().getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static JsonObject parseObject(byte[] body) {
        if (body.length == 0) {
            return Json.object();
        }
        try {
            JsonValue value = Json.parse(new String(body, UTF_8));
            return value.isObject() ? value.asObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String string(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value != null && value.isString() ? value.asString() : null;
    }

    private static String stringOrEmpty(JsonObject object, String name) {
        String value = string(object, name);
        return value == null ? "" : value;
    }

    private static byte[] decode(String base64) {
        if (base64 == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
