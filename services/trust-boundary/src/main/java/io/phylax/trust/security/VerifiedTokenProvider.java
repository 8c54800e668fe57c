package io.phylax.trust.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a bearer token Quarkus OIDC verified lately from {@link VerifiedTokenCache}, ahead of OIDC's own
 * provider; any other token gets no answer here ({@code null}), and Quarkus asks OIDC's provider next. The
 * identity is the one OIDC produced, with this request's routing context in place of the earlier one's, and it
 * goes through every augmentor (certificate binding, MFA step-up) exactly as a fresh one does.
 */
@ApplicationScoped
public class VerifiedTokenProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /**
     * Quarkus OIDC's provider keeps {@link IdentityProvider#priority()}'s default (1001 in quarkus-security 2.2,
     * not 0); the higher runs first, so this one runs before any provider of the platform's.
     */
    static final int BEFORE_OIDC = Integer.MAX_VALUE;

    /** {@code phylax_verified_token_cache_lookups_total{result=hit|miss}}: how often OIDC's verification is spared. */
    static final String LOOKUPS = "phylax_verified_token_cache_lookups";

    private final VerifiedTokenCache cache;
    private final Counter hits;
    private final Counter misses;

    @Inject
    VerifiedTokenProvider(VerifiedTokenCache cache, MeterRegistry registry) {
        this.cache = cache;
        this.hits = Counter.builder(LOOKUPS)
                .description("Bearer tokens answered from the verified-token cache (hit) or left to OIDC (miss)")
                .tag("result", "hit")
                .register(registry);
        this.misses = Counter.builder(LOOKUPS).tag("result", "miss").register(registry);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return BEFORE_OIDC;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        Optional<SecurityIdentity> cached = routing == null
                ? Optional.empty()
                : cache.lookup(request.getToken().getToken());
        if (cached.isEmpty()) {
            misses.increment();
            return Uni.createFrom().nullItem();
        }
        hits.increment();
        // What OIDC's provider records per request: the routing context and the blocking-call context.
        routing.put(AuthenticationRequestContext.class.getName(), context);
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder(cached.get())
                        .addAttribute(RoutingContext.class.getName(), routing)
                        .addAttribute(AuthenticationRequestContext.class.getName(), context)
                        .addAttribute(VerifiedTokenCache.FROM_CACHE, Boolean.TRUE)
                        .build());
    }
}
