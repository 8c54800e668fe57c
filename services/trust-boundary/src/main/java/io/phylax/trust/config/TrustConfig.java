package io.phylax.trust.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What a service's edge checks beyond a valid token ({@code phylax.trust.*}). */
@ConfigMapping(prefix = "phylax.trust")
public interface TrustConfig {

    /**
     * Path prefixes (e.g. {@code /internal}) on which every token must be certificate-bound (RFC 8705): it must
     * carry {@code cnf.x5t#S256}, and the request must come over TLS with the client certificate of that
     * thumbprint. None by default. A token that carries {@code cnf} is held to its certificate on every path,
     * whether listed here or not (ADR 0064).
     */
    Optional<List<String>> certificateBoundPaths();

    /** The cache of tokens Quarkus OIDC has verified (ADR 0094). */
    VerifiedTokenCacheConfig verifiedTokenCache();

    interface VerifiedTokenCacheConfig {

        /** How many verified tokens are kept at most; 0 verifies every request's token anew. */
        @WithDefault("4096")
        int size();

        /**
         * How long after its verification a token is answered from the cache at most, however long it is valid
         * for: the bound on how late a change of the identity provider's signing keys is noticed for it.
         */
        @WithDefault("60S")
        Duration maxAge();
    }
}
