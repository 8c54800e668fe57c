package io.phylax.trust.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;

import io.phylax.trust.ClaimsToken;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

class VerifiedTokenCacheTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    /** A clock the test moves. */
    private static final class Hands extends Clock {
        private Instant now = NOW;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final Hands clock = new Hands();
    private final VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofSeconds(60), clock);

    private static SecurityIdentity verified(String raw, Instant exp, Object cnf, String oidcTenant) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("raw_token", raw);
        claims.put("sub", "user-" + raw);
        if (exp != null) {
            claims.put("exp", exp.getEpochSecond());
        }
        if (cnf != null) {
            claims.put("cnf", cnf);
        }
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new ClaimsToken(claims))
                .addRole("clinician")
                .addAttribute(VerifiedTokenCache.OIDC_TENANT, oidcTenant)
                .build();
    }

    private static SecurityIdentity verified(String raw, Instant exp) {
        return verified(raw, exp, null, "Default");
    }

    @Test
    void aVerifiedTokenIsAnsweredForExactlyThatTokenString() {
        SecurityIdentity identity = verified("aaa.bbb.ccc", NOW.plusSeconds(300));
        cache.remember(identity);

        assertThat(cache.lookup("aaa.bbb.ccc")).containsSame(identity);
        assertThat(cache.lookup("aaa.bbb.ccd")).as("one character off").isEmpty();
        assertThat(cache.lookup("aaa.bbb.cc")).as("a prefix").isEmpty();
        assertThat(cache.lookup(null)).isEmpty();
    }

    @Test
    void anEntryGoesStaleAtTheTokensExpiry() {
        cache.remember(verified("t1", NOW.plusSeconds(20)));

        clock.advance(Duration.ofSeconds(19));
        assertThat(cache.lookup("t1")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.lookup("t1"))
                .as("at exp the token is expired; OIDC must refuse it")
                .isEmpty();
    }

    @Test
    void anEntryGoesStaleAtMaxAgeEvenIfTheTokenLivesLonger() {
        cache.remember(verified("t2", NOW.plusSeconds(3600)));

        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.lookup("t2")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.lookup("t2")).as("verified again after max-age").isEmpty();
    }

    @Test
    void anAlreadyExpiredOrExpirylessTokenIsNotRemembered() {
        cache.remember(verified("expired", NOW.minusSeconds(1)));
        cache.remember(verified("at-exp", NOW));
        cache.remember(verified("no-exp", null));

        assertThat(cache.lookup("expired")).isEmpty();
        assertThat(cache.lookup("at-exp")).isEmpty();
        assertThat(cache.lookup("no-exp")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void onlyCertificateConfirmationsAreCached() {
        var certificate = Json.createObjectBuilder().add("x5t#S256", "thumb").build();
        var dpop = Json.createObjectBuilder().add("jkt", "key-thumb").build();
        var both = Json.createObjectBuilder()
                .add("x5t#S256", "thumb")
                .add("jkt", "key-thumb")
                .build();
        cache.remember(verified("bound", NOW.plusSeconds(300), certificate, "Default"));
        cache.remember(verified("dpop", NOW.plusSeconds(300), dpop, "Default"));
        cache.remember(verified("both", NOW.plusSeconds(300), both, "Default"));
        cache.remember(verified("odd", NOW.plusSeconds(300), "x5t#S256", "Default"));

        assertThat(cache.lookup("bound"))
                .as("the certificate is compared on every request by CertificateBoundTokens")
                .isPresent();
        assertThat(cache.lookup("dpop")).as("a DPoP proof is per request").isEmpty();
        assertThat(cache.lookup("both")).isEmpty();
        assertThat(cache.lookup("odd")).isEmpty();
    }

    @Test
    void identitiesOfAnotherOidcTenantAnonymousOnesAndCacheHitsAreNotRemembered() {
        cache.remember(verified("named", NOW.plusSeconds(300), null, "partner"));
        cache.remember(QuarkusSecurityIdentity.builder().setAnonymous(true).build());
        SecurityIdentity hit = QuarkusSecurityIdentity.builder(verified("hit", NOW.plusSeconds(300)))
                .addAttribute(VerifiedTokenCache.FROM_CACHE, Boolean.TRUE)
                .build();
        cache.remember(hit);

        assertThat(cache.lookup("named")).isEmpty();
        assertThat(cache.lookup("hit")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void sizeZeroTurnsTheCacheOff() {
        VerifiedTokenCache off = new VerifiedTokenCache(0, Duration.ofSeconds(60), clock);
        off.remember(verified("t", NOW.plusSeconds(300)));

        assertThat(off.enabled()).isFalse();
        assertThat(off.lookup("t")).isEmpty();
    }

    @Test
    void theCacheHoldsAtMostItsSize() {
        VerifiedTokenCache small = new VerifiedTokenCache(10, Duration.ofSeconds(60), clock);
        for (int i = 0; i < 200; i++) {
            small.remember(verified("t" + i, NOW.plusSeconds(300)));
        }

        assertThat(small.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void keysAreDigestsNotTokens() {
        assertThat(VerifiedTokenCache.digest("header.payload.signature"))
                .doesNotContain("payload")
                .hasSize(44);
    }
}
