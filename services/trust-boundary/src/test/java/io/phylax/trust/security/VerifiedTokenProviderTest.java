package io.phylax.trust.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;

class VerifiedTokenProviderTest {

    /** A provider that keeps the interface's default priority, as Quarkus OIDC's does. */
    private static final IdentityProvider<TokenAuthenticationRequest> LIKE_OIDC = new IdentityProvider<>() {
        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(
                TokenAuthenticationRequest request, AuthenticationRequestContext context) {
            return Uni.createFrom().nullItem();
        }
    };

    @Test
    void runsBeforeAProviderWithTheDefaultPriority() {
        // Quarkus asks the provider with the higher priority first; the default is not 0 (1001 in
        // quarkus-security 2.2), and a cache asked after OIDC would never be asked at all.
        VerifiedTokenProvider provider = new VerifiedTokenProvider(
                new VerifiedTokenCache(10, Duration.ofSeconds(60), Clock.systemUTC()), new SimpleMeterRegistry());

        assertThat(provider.priority()).isGreaterThan(LIKE_OIDC.priority());
    }
}
