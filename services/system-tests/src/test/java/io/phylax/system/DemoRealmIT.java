package io.phylax.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.LocalStack;
import io.phylax.testkit.Tokens;

/** What the seeded realm issues: every staff token names its clinic and exactly its one role. */
class DemoRealmIT {

    @Test
    void everyStaffTokenCarriesItsTenantAndOnlyItsRole() {
        for (String tenant : DemoRealm.TENANTS) {
            for (String role : DemoRealm.STAFF_ROLES) {
                JsonNode claims = Tokens.claims(Tokens.forUser(DemoRealm.user(tenant, role)));
                assertThat(claims.path("iss").asText())
                        .isEqualTo(LocalStack.get().issuer());
                assertThat(claims.path("tenant").asText()).as(role).isEqualTo(tenant);
                assertThat(claims.path("realm_access").path("roles"))
                        .extracting(JsonNode::asText)
                        .containsExactly(role);
            }
        }
    }

    @Test
    void integrationClientTokenIsForTheVaultAndItsClinicOnly() {
        JsonNode claims = Tokens.claims(Tokens.forClient(DemoRealm.integrationClient(DemoRealm.CLINIC_A)));
        assertThat(claims.path("tenant").asText()).isEqualTo(DemoRealm.CLINIC_A);
        assertThat(claims.path("aud").asText()).isEqualTo("phi-vault");
        assertThat(claims.path("azp").asText()).isEqualTo("clinic-a-integration");
    }

    @Test
    void serviceAccountsBelongToNoTenant() {
        for (String service : DemoRealm.SERVICES) {
            assertThat(Tokens.claims(Tokens.forClient(service)).has("tenant"))
                    .as(service)
                    .isFalse();
        }
    }

    @Test
    void onlyTheNotificationServiceMayReadContacts() {
        for (String service : DemoRealm.SERVICES) {
            JsonNode roles = Tokens.claims(Tokens.forClient(service))
                    .path("realm_access")
                    .path("roles");
            boolean hasContactRole = roles.isArray() && roles.toString().contains("\"phi.contact.read\"");
            assertThat(hasContactRole).as(service).isEqualTo(service.equals("notification"));
        }
    }
}
