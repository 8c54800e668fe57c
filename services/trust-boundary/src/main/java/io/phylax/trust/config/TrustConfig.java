package io.phylax.trust.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

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
}
