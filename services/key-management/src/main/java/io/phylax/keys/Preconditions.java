package io.phylax.keys;

import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks shared by both providers, so a name or key accepted by one is accepted by the other. */
final class Preconditions {

    /** 256-bit data keys only: also stops a caller from handing PHI itself to the key service by mistake. */
    static final int DATA_KEY_BYTES = 32;

    // Lower-case only: PKCS#12 folds aliases to lower case, and Vault key names must not carry path separators.
    private static final Pattern KEK_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,99}");

    private Preconditions() {}

    static String requireKekName(String kekName) {
        if (kekName == null || !KEK_NAME.matcher(kekName).matches()) {
            throw new IllegalArgumentException("kekName must match " + KEK_NAME.pattern());
        }
        return kekName;
    }

    static byte[] requireDataKey(byte[] dataKey) {
        Objects.requireNonNull(dataKey, "dataKey");
        if (dataKey.length != DATA_KEY_BYTES) {
            throw new IllegalArgumentException("dataKey must be " + DATA_KEY_BYTES + " bytes (AES-256)");
        }
        return dataKey;
    }

    static byte[] requireContext(byte[] context) {
        return Objects.requireNonNull(context, "context");
    }

    static WrappedKey requireWrapped(WrappedKey wrapped) {
        return Objects.requireNonNull(wrapped, "wrapped");
    }
}
