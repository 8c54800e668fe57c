package io.phylax.trust.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.junit.jupiter.api.Test;

import io.quarkus.security.AuthenticationFailedException;

class RefusedTokenLogTest {

    private static final String CLAIMS_IN_MESSAGE = "JWT (claims->{\"tenant\":\"clinic-a\",\"sub\":\"CANARY-PHI-42\"})";

    @Test
    void reasonNamesJose4jErrorCodesWithoutTheMessage() {
        InvalidJwtException invalid = new InvalidJwtException(
                CLAIMS_IN_MESSAGE,
                List.of(
                        new ErrorCodeValidator.Error(ErrorCodes.EXPIRED, "exp=... CANARY-PHI-42"),
                        new ErrorCodeValidator.Error(ErrorCodes.AUDIENCE_INVALID, "aud CANARY-PHI-42")),
                null);

        String reason = RefusedTokenLog.reason(new AuthenticationFailedException(invalid));

        assertThat(reason).isEqualTo("expired,audience-invalid").doesNotContain("CANARY");
    }

    @Test
    void unknownFailureIsNamedByTypeOnly() {
        String reason =
                RefusedTokenLog.reason(new AuthenticationFailedException(new IllegalStateException(CLAIMS_IN_MESSAGE)));

        assertThat(reason).isEqualTo("invalid-token:IllegalStateException");
    }

    @Test
    void missingCredentialHasItsOwnReason() {
        assertThat(RefusedTokenLog.reason(new AuthenticationFailedException())).isEqualTo("no-valid-credential");
    }
}
