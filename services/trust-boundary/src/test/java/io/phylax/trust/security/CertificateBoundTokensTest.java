package io.phylax.trust.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.security.AuthenticationFailedException;

class CertificateBoundTokensTest {

    private static final String NOTIFICATION = "llJ4liraf6_CD3k3Ca4IpBqAgqLkduQ0SUZY7YIKFio";
    private static final String ANOTHER = "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0";

    private final CertificateBoundTokens internalBound = new CertificateBoundTokens(List.of("/internal/"));

    @Test
    void thumbprintIsBase64UrlOfSha256WithoutPadding() {
        // SHA-256("abc") = ba7816bf 8f01cfea ... (FIPS 180-2), in base64url without '='.
        assertThat(CertificateBoundTokens.thumbprint("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(ANOTHER);
    }

    @Test
    void boundTokenPassesOnlyWithTheCertificateItNames() {
        assertThat(CertificateBoundTokens.accepted(Optional.of(NOTIFICATION), Optional.of(NOTIFICATION), true))
                .isTrue();
        assertThat(CertificateBoundTokens.accepted(Optional.of(NOTIFICATION), Optional.of(ANOTHER), true))
                .isFalse();
        assertThat(CertificateBoundTokens.accepted(Optional.of(NOTIFICATION), Optional.empty(), true))
                .isFalse();
    }

    @Test
    void boundTokenIsHeldToItsCertificateOutsideTheBoundPathsToo() {
        assertThat(CertificateBoundTokens.accepted(Optional.of(NOTIFICATION), Optional.empty(), false))
                .isFalse();
        assertThat(CertificateBoundTokens.accepted(Optional.of(NOTIFICATION), Optional.of(ANOTHER), false))
                .isFalse();
    }

    @Test
    void unboundTokenIsRefusedOnBoundPathsAndAcceptedElsewhere() {
        assertThat(CertificateBoundTokens.accepted(Optional.empty(), Optional.of(NOTIFICATION), true))
                .isFalse();
        assertThat(CertificateBoundTokens.accepted(Optional.empty(), Optional.empty(), false))
                .isTrue();
    }

    @Test
    void confirmationWithoutACertificateThumbprintMatchesNothing() {
        assertThat(CertificateBoundTokens.accepted(Optional.of(""), Optional.of(""), false))
                .isFalse();
    }

    @Test
    void boundPathsMatchWholeSegmentsAndIgnoreEmptyOnes() {
        assertThat(internalBound.isCertificateBoundPath("/internal/v1/contacts/x"))
                .isTrue();
        assertThat(internalBound.isCertificateBoundPath("/internal")).isTrue();
        assertThat(internalBound.isCertificateBoundPath("//internal//v1/contacts/x"))
                .isTrue();
        assertThat(internalBound.isCertificateBoundPath("/internals/v1")).isFalse();
        assertThat(internalBound.isCertificateBoundPath("/api/v1/patients")).isFalse();
        assertThat(new CertificateBoundTokens(List.of()).isCertificateBoundPath("/internal/v1"))
                .isFalse();
    }

    @Test
    void refusalIsLoggedAsCertificateBinding() {
        assertThat(RefusedTokenLog.reason(new AuthenticationFailedException(new CertificateBindingException())))
                .isEqualTo("certificate-binding");
    }
}
