package io.phylax.notification.mail;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.phylax.notification.config.SmtpConfig;
import io.phylax.notification.domain.DeliveryFailure;
import io.phylax.notification.domain.ErrorKind;
import io.phylax.notification.domain.Notice;
import io.phylax.notification.service.MailGateway;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.mail.MailClient;

/**
 * Sends notices through the SMTP relay with the Vert.x mail client. The address is used for the one message
 * and dropped; failures become {@link ErrorKind}s because the relay's replies can quote the address.
 */
@ApplicationScoped
public class SmtpMailGateway implements MailGateway {

    private static final Logger LOG = Logger.getLogger(SmtpMailGateway.class);

    // One mailbox, no display name, no whitespace, quotes, brackets or line breaks: nothing that could
    // smuggle a second recipient or a header into the envelope.
    private static final Pattern USABLE_ADDRESS =
            Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+");
    private static final int MAX_ADDRESS_LENGTH = 254;

    private final SmtpConfig config;
    private final MailClient client;

    public SmtpMailGateway(Vertx vertx, SmtpConfig config) {
        // A send abandoned while its connection is still open may yet be delivered, and then sent again.
        if (config.sendTimeout().compareTo(config.idleTimeout()) <= 0) {
            throw new IllegalArgumentException("phylax.smtp.send-timeout must be longer than phylax.smtp.idle-timeout");
        }
        this.config = config;
        this.client = MailClient.create(vertx, mailConfig(config));
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }

    @Override
    public void send(String address, Notice notice, String messageId) {
        if (!isUsable(address)) {
            throw new DeliveryFailure(ErrorKind.ADDRESS_INVALID);
        }
        MailMessage message = new MailMessage()
                .setFrom(config.from())
                .setTo(address)
                .setSubject(notice.subject())
                .setText(notice.body());
        // Every attempt for one event carries the same Message-ID, so a copy sent twice is recognisable.
        message.addHeader("Message-ID", messageId);
        try {
            // By the send timeout a hung connection has been idle-closed (send timeout > idle timeout), so the
            // abandoned attempt cannot reach the relay any more; only a relay that kept talking for the whole
            // send timeout could still complete it (the window of ADR 0040).
            client.sendMail(message).await().atMost(config.sendTimeout());
        } catch (RuntimeException e) {
            throw new DeliveryFailure(kindOf(e));
        }
    }

    /** Whether {@code address} is one plain mailbox that can go into an SMTP envelope as it is. */
    static boolean isUsable(String address) {
        return address != null
                && address.length() <= MAX_ADDRESS_LENGTH
                && USABLE_ADDRESS.matcher(address).matches();
    }

    /** The kind of a failed send: the relay's own verdict where it gave one, else the relay is unavailable. */
    static ErrorKind kindOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SMTPException smtp) {
                // The reply code alone: the reply's text may quote the address.
                int code = smtp.getReplyCode();
                LOG.warnf("the SMTP relay refused a message: reply code %d", code);
                if (code >= 500 && code <= 504) {
                    return ErrorKind.SMTP_PROTOCOL_ERROR;
                }
                return smtp.isPermanent() ? ErrorKind.SMTP_PERMANENT_REJECTION : ErrorKind.SMTP_TRANSIENT_REJECTION;
            }
        }
        // Refused or dropped connections, timeouts, TLS failures: all worth another attempt.
        return ErrorKind.SMTP_UNAVAILABLE;
    }

    static MailConfig mailConfig(SmtpConfig config) {
        MailConfig mail = new MailConfig()
                .setHostname(config.host())
                .setPort(config.port())
                .setSsl(config.ssl())
                .setStarttls(StartTLSOptions.valueOf(
                        config.startTls().orElse(defaultStartTls(config.host())).name()))
                .setMaxPoolSize(config.maxPoolSize())
                // One connection per message: a pooled connection left idle across a relay restart or
                // freeze would cost an attempt; notices are not frequent enough for pooling to matter.
                .setKeepAlive(false);
        mail.setConnectTimeout((int) config.connectTimeout().toMillis());
        mail.setIdleTimeout((int) config.idleTimeout().toMillis());
        mail.setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        config.ownHostName().ifPresent(mail::setOwnHostname);
        if (config.username().isPresent()) {
            mail.setLogin(LoginOption.REQUIRED)
                    .setUsername(config.username().get())
                    .setPassword(config.password().orElse(""));
        } else {
            mail.setLogin(LoginOption.DISABLED);
        }
        return mail;
    }

    /** REQUIRED unless the relay is on the loopback interface, where the address never crosses a network. */
    static SmtpConfig.StartTls defaultStartTls(String host) {
        try {
            if ("localhost".equalsIgnoreCase(host)
                    || InetAddress.getByName(host).isLoopbackAddress()) {
                return SmtpConfig.StartTls.OPTIONAL;
            }
        } catch (UnknownHostException e) {
            // Not resolvable now: not known to be local, so the safe default applies.
        }
        return SmtpConfig.StartTls.REQUIRED;
    }
}
