package io.phylax.keys;

import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data key wrapped under one KEK version, as the printable string stored beside the data it protects:
 * {@code <scheme>:v<N>:<base64>}, where the scheme is "local" or Vault's "vault".
 *
 * @param kekVersion the KEK version that wrapped the key; always equal to the {@code v<N>} in the ciphertext
 * @param ciphertext the printable wrapped key
 */
public record WrappedKey(int kekVersion, String ciphertext) {

    private static final Pattern FORMAT =
            Pattern.compile("([a-z][a-z0-9-]{0,31}):v([1-9][0-9]{0,8}):([A-Za-z0-9+/]+={0,2})");

    /** Checks that the version agrees with the ciphertext's prefix, so neither can be trusted alone by mistake. */
    public WrappedKey {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Matcher m = FORMAT.matcher(ciphertext);
        if (!m.matches()) {
            throw new IllegalArgumentException("ciphertext is not <scheme>:v<N>:<base64>");
        }
        if (Integer.parseInt(m.group(2)) != kekVersion) {
            throw new IllegalArgumentException(
                    "kekVersion " + kekVersion + " differs from the ciphertext's version v" + m.group(2));
        }
    }

    /**
     * Reads a wrapped key back from storage, taking the version from the ciphertext.
     *
     * @throws KeyIntegrityException if the text is not a wrapped key (stored text that does not parse was damaged)
     */
    public static WrappedKey parse(String ciphertext) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Matcher m = FORMAT.matcher(ciphertext);
        if (!m.matches()) {
            throw new KeyIntegrityException("stored text is not a wrapped key (<scheme>:v<N>:<base64>)");
        }
        return new WrappedKey(Integer.parseInt(m.group(2)), ciphertext);
    }

    /** Formats a provider's raw wrapped bytes as {@code <scheme>:v<kekVersion>:<base64(payload)>}. */
    public static WrappedKey format(String scheme, int kekVersion, byte[] payload) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(payload, "payload");
        return new WrappedKey(
                kekVersion,
                scheme + ":v" + kekVersion + ":" + Base64.getEncoder().encodeToString(payload));
    }

    /** The provider prefix: "local" or "vault". */
    public String scheme() {
        return ciphertext.substring(0, ciphertext.indexOf(':'));
    }

    /**
     * The raw wrapped bytes after the version prefix.
     *
     * @throws IllegalArgumentException if they are not valid base64 (wrong padding or length)
     */
    public byte[] payload() {
        return Base64.getDecoder().decode(ciphertext.substring(ciphertext.indexOf(':', scheme().length() + 1) + 1));
    }
}
