package io.phylax.trust.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;

import io.phylax.trust.ClaimsToken;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

class MfaStepUpTest {

    private static SecurityIdentity caller(Object amr, String... roles) {
        Map<String, Object> claims = new HashMap<>();
        if (amr != null) {
            claims.put(MfaStepUp.AMR_CLAIM, amr);
        }
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new ClaimsToken(claims))
                .addRoles(Set.of(roles))
                .addAttribute("tenant-id", "Default")
                .build();
    }

    private static Object amr(String... methods) {
        var array = Json.createArrayBuilder();
        for (String method : methods) {
            array.add(method);
        }
        return array.build();
    }

    @Test
    void tokenWithOtpInAmrKeepsTenantAdminAndAuditor() {
        SecurityIdentity stepped = MfaStepUp.stepUp(caller(amr("pwd", "otp"), "tenant-admin", "auditor"));

        assertThat(stepped.getRoles()).containsExactlyInAnyOrder("tenant-admin", "auditor");
        assertThat(MfaStepUp.withheld(stepped)).isEmpty();
    }

    @Test
    void passwordOnlyTokenLosesTenantAdminAndAuditorButKeepsItsOtherRoles() {
        SecurityIdentity stepped = MfaStepUp.stepUp(caller(amr("pwd"), "tenant-admin", "auditor", "clinician"));

        assertThat(stepped.getRoles()).containsExactly("clinician");
        assertThat(stepped.hasRole("tenant-admin")).isFalse();
        assertThat(stepped.hasRole("auditor")).isFalse();
        assertThat(MfaStepUp.withheld(stepped)).containsExactlyInAnyOrder("tenant-admin", "auditor");
        assertThat(stepped.<String>getAttribute("tenant-id"))
                .as("the token's other attributes stay")
                .isEqualTo("Default");
    }

    @Test
    void missingAmrCountsAsNoOtp() {
        SecurityIdentity stepped = MfaStepUp.stepUp(caller(null, "auditor"));

        assertThat(stepped.getRoles()).isEmpty();
        assertThat(MfaStepUp.withheld(stepped)).containsExactly("auditor");
    }

    @Test
    void malformedAmrCountsAsNoOtp() {
        List<Object> malformed = List.of(
                "otp", // a bare string, not the array RFC 8176 prescribes
                Json.createArrayBuilder().add("otp").add(1).build(), // a non-string element
                Json.createArrayBuilder().add("otp").addNull().build(),
                Json.createObjectBuilder().add("otp", true).build(),
                amr("OTP"), // method values are case-sensitive
                amr("pwd", "otp ")); // nor is a look-alike accepted
        for (Object amr : malformed) {
            assertThat(MfaStepUp.stepUp(caller(amr, "tenant-admin")).getRoles())
                    .as(String.valueOf(amr))
                    .isEmpty();
        }
    }

    @Test
    void callerWithoutMfaRolesIsLeftAsItIs() {
        SecurityIdentity clinician = caller(null, "clinician");

        assertThat(MfaStepUp.stepUp(clinician)).isSameAs(clinician);
        assertThat(MfaStepUp.withheld(clinician)).isEmpty();
    }

    @Test
    void anonymousCallerHasNothingWithheld() {
        assertThat(MfaStepUp.withheld(
                        QuarkusSecurityIdentity.builder().setAnonymous(true).build()))
                .isEmpty();
        assertThat(MfaStepUp.withheld(null)).isEmpty();
    }
}
