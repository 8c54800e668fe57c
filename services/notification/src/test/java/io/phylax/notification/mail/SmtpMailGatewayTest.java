package io.phylax.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.phylax.notification.config.SmtpConfig;
import io.phylax.notification.domain.ErrorKind;
import io.vertx.ext.mail.SMTPException;

class SmtpMailGatewayTest {

    @ParameterizedTest
    @ValueSource(strings = {"CANARY-PHI-0001@example.org", "a.b+tag@mail.example.co.uk", "x@y.z"})
    void plainMailboxesAreUsable(String address) {
        assertThat(SmtpMailGateway.isUsable(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "no-at-sign.example.org",
                "two@at@example.org",
                "Patient <p@example.org>",
                "p@example.org, other@example.org",
                "p@example.org\r\nBcc: other@example.org",
                "p@example.org\nX-Injected: 1",
                "p @example.org",
                "p@localhost",
                "\"quoted\"@example.org"
            })
    void anythingThatCouldAddARecipientOrAHeaderIsRefused(String address) {
        assertThat(SmtpMailGateway.isUsable(address)).isFalse();
    }

    @Test
    void overlongAddressIsRefused() {
        // Every part is well formed; only the total length (over 254) is wrong.
        String local = "a".repeat(64);
        String domain = String.join(".", "b".repeat(63), "c".repeat(63), "d".repeat(63), "e".repeat(60), "org");
        assertThat(SmtpMailGateway.isUsable(local + "@" + domain)).isFalse();
        assertThat(SmtpMailGateway.isUsable(local + "@" + "e".repeat(60) + ".org"))
                .isTrue();
        assertThat(SmtpMailGateway.isUsable(null)).isFalse();
    }

    @Test
    void relayVerdictDecidesWhetherToRetry() {
        assertThat(SmtpMailGateway.kindOf(new SMTPException("rejected", 550, List.of("550 no such user"), false)))
                .isEqualTo(ErrorKind.SMTP_PERMANENT_REJECTION);
        assertThat(SmtpMailGateway.kindOf(new SMTPException("busy", 451, List.of("451 try later"), false)))
                .isEqualTo(ErrorKind.SMTP_TRANSIENT_REJECTION);
        // A command the relay did not understand is a fault of the dialogue, tried again; not a rejection.
        assertThat(SmtpMailGateway.kindOf(
                        new SMTPException("garbled", 500, List.of("500 Command not recognized"), false)))
                .isEqualTo(ErrorKind.SMTP_PROTOCOL_ERROR);
        assertThat(ErrorKind.SMTP_PROTOCOL_ERROR.isTransient()).isTrue();
        assertThat(SmtpMailGateway.kindOf(new SMTPException("sequence", 503, List.of("503 RCPT required"), false)))
                .isEqualTo(ErrorKind.SMTP_PROTOCOL_ERROR);
        assertThat(SmtpMailGateway.kindOf(new SMTPException("policy", 554, List.of("554 rejected"), false)))
                .isEqualTo(ErrorKind.SMTP_PERMANENT_REJECTION);
        assertThat(SmtpMailGateway.kindOf(new RuntimeException(new IOException("Connection refused"))))
                .isEqualTo(ErrorKind.SMTP_UNAVAILABLE);
        assertThat(SmtpMailGateway.kindOf(new io.smallrye.mutiny.TimeoutException()))
                .isEqualTo(ErrorKind.SMTP_UNAVAILABLE);
    }

    @Test
    void startTlsIsRequiredUnlessTheRelayIsOnLoopback() {
        assertThat(SmtpMailGateway.defaultStartTls("127.0.0.1")).isEqualTo(SmtpConfig.StartTls.OPTIONAL);
        assertThat(SmtpMailGateway.defaultStartTls("localhost")).isEqualTo(SmtpConfig.StartTls.OPTIONAL);
        assertThat(SmtpMailGateway.defaultStartTls("::1")).isEqualTo(SmtpConfig.StartTls.OPTIONAL);
        assertThat(SmtpMailGateway.defaultStartTls("192.0.2.25")).isEqualTo(SmtpConfig.StartTls.REQUIRED);
        assertThat(SmtpMailGateway.defaultStartTls("relay.invalid")).isEqualTo(SmtpConfig.StartTls.REQUIRED);
    }
}
