package io.phylax.trust.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import io.phylax.trust.config.TrustConfig;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The access tokens Quarkus OIDC has verified lately, each with the identity it produced (ADR 0094), so that a
 * client presenting the same token again is not verified again: signature, issuer, audience and expiry of a
 * given token string cannot change, and verifying them was the largest single cost of a read. An entry lives
 * until the token's {@code exp} or {@code phylax.trust.verified-token-cache.max-age} after verification,
 * whichever is first; the cache holds at most {@code size} tokens (0 turns it off). Keys are SHA-256 digests,
 * never the bearer tokens themselves. Only what OIDC verifies is cached: the per-request checks (certificate
 * binding, MFA step-up, roles, paths) run on every request, and a failed verification is never remembered.
 *
 * <p>Tokens whose {@code cnf} names anything but a certificate thumbprint (a DPoP key: a proof per request)
 * are not cached, and neither is an identity without an expiry.
 */
@ApplicationScoped
public class VerifiedTokenCache {

    /** Identity attribute of an identity answered from this cache, so it is not stored again. */
    static final String FROM_CACHE = VerifiedTokenCache.class.getName() + ".hit";

    /** OIDC's identity attribute naming the OIDC tenant configuration that verified the token. */
    static final String OIDC_TENANT = "tenant-id";

    /**
     * The one OIDC tenant configuration every service has. Identities verified under any other are not cached,
     * since the key does not say which configuration verified them.
     */
    static final String DEFAULT_OIDC_TENANT = "Default";

    private final Clock clock;
    private final Duration maxAge;
    private final boolean enabled;
    private final Cache<String, Verified> verified;

    @Inject
    VerifiedTokenCache(TrustConfig config) {
        this(config.verifiedTokenCache().size(), config.verifiedTokenCache().maxAge(), Clock.systemUTC());
    }

    VerifiedTokenCache(int size, Duration maxAge, Clock clock) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.enabled = size > 0 && maxAge.isPositive();
        this.verified = Caffeine.newBuilder()
                .maximumSize(Math.max(0, size))
                .ticker(ticker(clock))
                .expireAfter(new UntilStale())
                .build();
    }

    /** Whether tokens are cached at all (size 0 or a non-positive max age turn it off). */
    boolean enabled() {
        return enabled;
    }

    /** The identity OIDC produced for exactly this token, while the token is unexpired and its entry young enough. */
    Optional<SecurityIdentity> lookup(String token) {
        if (!enabled() || token == null) {
            return Optional.empty();
        }
        Verified entry = verified.getIfPresent(digest(token));
        if (entry == null || !clock.instant().isBefore(entry.staleAt())) {
            return Optional.empty();
        }
        return Optional.of(entry.identity());
    }

    /** Remembers an identity Quarkus OIDC has just produced, when it may be cached (see the class comment). */
    void remember(SecurityIdentity identity) {
        if (!enabled()
                || identity.isAnonymous()
                || Boolean.TRUE.equals(identity.getAttribute(FROM_CACHE))
                || !DEFAULT_OIDC_TENANT.equals(identity.getAttribute(OIDC_TENANT))
                || !(identity.getPrincipal() instanceof JsonWebToken token)
                || token.getRawToken() == null
                || !cacheableConfirmation(token)) {
            return;
        }
        Optional<Instant> expiry = expiry(token);
        if (expiry.isEmpty()) {
            return;
        }
        Instant staleAt = min(expiry.get(), clock.instant().plus(maxAge));
        if (clock.instant().isBefore(staleAt)) {
            verified.put(digest(token.getRawToken()), new Verified(identity, staleAt));
        }
    }

    /** How many tokens are cached now (for tests and metrics). */
    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    static Optional<Instant> expiry(JsonWebToken token) {
        try {
            Object exp = token.getClaim("exp");
            if (exp instanceof Number n) {
                return Optional.of(Instant.ofEpochSecond(n.longValue()));
            }
            if (exp instanceof JsonNumber n) {
                return Optional.of(Instant.ofEpochSecond(n.longValue()));
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** No {@code cnf}, or one naming only a certificate thumbprint, which {@link CertificateBoundTokens} checks. */
    static boolean cacheableConfirmation(JsonWebToken token) {
        Object cnf = token.getClaim(CertificateBoundTokens.CONFIRMATION_CLAIM);
        if (cnf == null || cnf == JsonValue.NULL) {
            return true;
        }
        if (cnf instanceof JsonObject json) {
            return json.keySet().equals(Set.of(CertificateBoundTokens.THUMBPRINT_MEMBER));
        }
        return cnf instanceof Map<?, ?> map && map.keySet().equals(Set.of(CertificateBoundTokens.THUMBPRINT_MEMBER));
    }

    static String digest(String token) {
        try {
            return Base64.getEncoder()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private record Verified(SecurityIdentity identity, Instant staleAt) {}

    /** Each entry expires when it goes stale: the token's expiry or the cache's max age, whichever is first. */
    private final class UntilStale implements Expiry<String, Verified> {
        @Override
        public long expireAfterCreate(String key, Verified value, long currentTime) {
            return Math.max(
                    0, Duration.between(clock.instant(), value.staleAt()).toNanos());
        }

        @Override
        public long expireAfterUpdate(String key, Verified value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Verified value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    static Ticker ticker(Clock clock) {
        return () -> clock.millis() * 1_000_000L;
    }
}
