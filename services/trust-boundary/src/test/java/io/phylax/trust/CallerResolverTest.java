package io.phylax.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class CallerResolverTest {

    /** Just enough of a verified token to carry claims. */
    private record Claims(Map<String, Object> values) implements JsonWebToken {
        @Override
        public String getName() {
            return "test";
        }

        @Override
        public Set<String> getClaimNames() {
            return values.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String name) {
            return (T) values.get(name);
        }
    }

    private static JsonWebToken tokenWithTenant(Object tenant) {
        return new Claims(tenant == null ? Map.of() : Map.of(CallerResolver.TENANT_CLAIM, tenant));
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
