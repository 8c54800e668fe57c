package io.phylax.keys;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how to reach Vault Transit or OpenBao. {@link #toString()} leaves the token out.
 *
 * @param address base URL of the server, e.g. {@code https://vault.example:8200}
 * @param token a Vault token allowed to use the keys under keyPrefix
 * @param mount the Transit mount path; null or blank means {@value #DEFAULT_MOUNT}
 * @param keyPrefix put before every KEK name to form the Transit key name, e.g. "phylax-"; null means none
 * @param createMissingKeys whether wrap and rotate may create a Transit key that does not exist yet
 * @param timeout connect and per-request timeout; null means {@link #DEFAULT_TIMEOUT}
 */
public record VaultTransitSettings(
        String address, String token, String mount, String keyPrefix, boolean createMissingKeys, Duration timeout) {

    public static final String DEFAULT_MOUNT = "transit";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    // Segments of word characters, '.' and '-', but never "." or "..": the mount must not climb out of itself.
    private static final Pattern MOUNT =
            Pattern.compile("(?!\\.{1,2}(/|$))[A-Za-z0-9._-]+(/(?!\\.{1,2}(/|$))[A-Za-z0-9._-]+)*");
    // Vault key names allow word characters, '.', '-' and '@'; the prefix stays within what KEK names may add to.
    private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9._-]{0,64}");

    /** Fills defaults and rejects settings that could only fail later, or would build a path outside the mount. */
    public VaultTransitSettings {
        address = normalizeAddress(address);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must be set");
        }
        mount = mount == null || mount.isBlank() ? DEFAULT_MOUNT : trimSlashes(mount.strip());
        if (!MOUNT.matcher(mount).matches()) {
            throw new IllegalArgumentException("mount must be path segments of letters, digits, '.', '_' or '-'");
        }
        keyPrefix = keyPrefix == null ? "" : keyPrefix;
        if (!KEY_PREFIX.matcher(keyPrefix).matches()) {
            throw new IllegalArgumentException("keyPrefix must match " + KEY_PREFIX.pattern());
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    @Override
    public String toString() {
        return "VaultTransitSettings[address=" + address + ", token=<redacted>, mount=" + mount + ", keyPrefix="
                + keyPrefix + ", createMissingKeys=" + createMissingKeys + ", timeout=" + timeout + "]";
    }

    private static String normalizeAddress(String address) {
        Objects.requireNonNull(address, "address");
        String trimmed = address.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!web || uri.getHost() == null) {
                throw new IllegalArgumentException("address must be an http or https URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("address is not a URL", e);
        }
        return trimmed;
    }

    private static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
