package io.phylax.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-time codes (RFC 6238 TOTP: HMAC-SHA1, 6 digits, 30 s) for the demo realm's MFA users, whose OTP
 * secrets the stack generated into {@code .state/secrets/otp/<user>} (ADR 0063). Keycloak accepts each code
 * once, so {@link #nextCode} hands out one code per user per 30 s window to every test JVM and to
 * {@code make token}: a file lock in the state directory serialises them and remembers the last window used.
 *
 * <p>Depends on the JDK only, so the stack scripts run it as a single source file:
 * {@code java services/test-kit/src/main/java/io/phylax/testkit/Totp.java <state dir> <user>}.
 */
public final class Totp {

    /** The realm's OTP policy (the Keycloak defaults): 30 s windows, 6 digits. */
    public static final int PERIOD_SECONDS = 30;

    public static final int DIGITS = 6;

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {}

    /** The RFC 6238 / RFC 4226 code of {@code key} for time step {@code window}, HMAC-SHA1, {@code digits} long. */
    public static String code(byte[] key, long window, int digits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash =
                    mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(window).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24)
                    | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8)
                    | (hash[offset + 3] & 0xff);
            String code = Integer.toString(binary % POWERS[digits]);
            return "0".repeat(digits - code.length()) + code;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    /** The time step of an instant given in milliseconds since the epoch. */
    public static long windowAt(long epochMillis) {
        return Math.floorDiv(epochMillis, PERIOD_SECONDS * 1000L);
    }

    /** Whether the stack generated an OTP secret for {@code user}, i.e. the realm requires OTP of them. */
    public static boolean hasSecret(Path stateDir, String user) {
        return Files.isRegularFile(secretFile(stateDir, user));
    }

    /**
     * A code for {@code user} that no other caller of this method has used: the current window's, or, when
     * that window was already used, the next one's after waiting for it (at most {@value #PERIOD_SECONDS} s).
     */
    public static String nextCode(Path stateDir, String user) {
        return nextCode(stateDir, user, System::currentTimeMillis, Thread::sleep);
    }

    /** How {@link #nextCode} waits; a test passes one that moves its own clock. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    static String nextCode(Path stateDir, String user, LongSupplier clock, Sleeper sleeper) {
        byte[] key = secret(stateDir, user);
        Path windows = stateDir.resolve("otp");
        try {
            Files.createDirectories(windows);
            try (FileChannel file = FileChannel.open(
                            windows.resolve(user + ".last-window"),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
                    FileLock lock = file.lock()) {
                long last = readLast(file);
                long window = windowAt(clock.getAsLong());
                while (window <= last) {
                    sleeper.sleep(Math.max(1, (last + 1) * PERIOD_SECONDS * 1000L - clock.getAsLong() + 50));
                    window = windowAt(clock.getAsLong());
                }
                file.truncate(0);
                file.write(ByteBuffer.wrap(Long.toString(window).getBytes(StandardCharsets.US_ASCII)), 0);
                file.force(false);
                return code(key, window, DIGITS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not reserve a one-time code window for " + user, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The OTP secret Keycloak holds for {@code user}: its bytes are the HMAC key (base32 of them for an app). */
    public static byte[] secret(Path stateDir, String user) {
        try {
            return Files.readString(secretFile(stateDir, user)).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("no OTP secret for " + user + " in the state directory", e);
        }
    }

    private static Path secretFile(Path stateDir, String user) {
        return stateDir.resolve("secrets").resolve("otp").resolve(user);
    }

    private static long readLast(FileChannel file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        file.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        return text.isEmpty() ? Long.MIN_VALUE : Long.parseLong(text);
    }

    /** Prints a fresh code for a user: {@code Totp <state dir> <user>} (used by {@code make token}). */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: Totp <state dir> <user>");
            System.exit(2);
        }
        System.out.println(nextCode(Path.of(args[0]), args[1]));
    }
}
