package io.phylax.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class CallerResolverTest {

    private static JsonWebToken tokenWithTenant(Object tenant) {
        return new ClaimsToken(tenant == null ? Map.of() : Map.of(CallerResolver.TENANT_CLAIM, tenant));
    }

    @Test
    void acceptsTenantSlug() {
        assertThat(CallerResolver.tenantOf(tokenWithTenant("clinic-a"))).contains("clinic-a");
    }

    @Test
    void tokenWithoutTenantClaimHasNoTenant() {
        assertThat(CallerResolver.tenantOf(tokenWithTenant(null))).isEmpty();
    }

    @Test
    void malformedTenantClaimCountsAsAbsent() {
        for (String bad :
                new String[] {"", "Clinic A", "../clinic-b", "clinic-a;drop", "-leading-dash", "x".repeat(64)}) {
            assertThat(CallerResolver.tenantOf(tokenWithTenant(bad))).as(bad).isEmpty();
        }
    }
}
