package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.testkit.DemoRealm.CLINIC_B;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.TlsClients;
import io.phylax.testkit.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The notification service's narrow contact endpoint: mTLS, the one role, a token bound to the certificate on the
 * connection (RFC 8705, ADR 0064: 401 otherwise), and that certificate's CN equal to the token's client.
 */
@QuarkusTest
class ContactEndpointIT {

    @TestHTTPResource(value = "/", tls = true)
    URL tlsBase;

    @TestHTTPResource("/")
    URL plainBase;

    private final VaultClient clinician = VaultClient.as(CLINIC_A, "clinician");

    @Test
    void notificationServiceGetsOnlyThePreferredEmail() throws Exception {
        String canary = canary();
        UUID id = clinician.register(patient(canary));

        HttpResponse<String> response =
                get(TlsClients.as("notification"), tlsBase, id, CLINIC_A, Tokens.forClient("notification"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"channel\":\"email\"", canary + "@example.org")
                .doesNotContain(canary + "-Family", canary + "-MRN", "1971");
    }

    @Test
    void optedOutPatientHasNoChannel() throws Exception {
        String canary = canary();
        String optedOut = patient(canary)
                .replace(
                        "\"use\":\"home\"",
                        "\"use\":\"home\",\"extension\":[{"
                                + "\"url\":\"https://phylax.dev/fhir/StructureDefinition/notification-opt-out\",\"valueBoolean\":true}]");
        UUID id = clinician.register(optedOut);

        HttpResponse<String> response =
                get(TlsClients.as("notification"), tlsBase, id, CLINIC_A, Tokens.forClient("notification"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"channel\":\"none\"").doesNotContain(canary);
    }

    @Test
    void clinicTokenIsRefusedEvenWithTheRightCertificate() throws Exception {
        UUID id = clinician.register(patient(canary()));

        // A clinic token is bound to no certificate, and the internal paths take certificate-bound tokens only.
        String clinicToken = Tokens.forUser(DemoRealm.user(CLINIC_A, "clinician"));
        assertThat(get(TlsClients.as("notification"), tlsBase, id, CLINIC_A, clinicToken)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void requestWithoutClientCertificateIsRefused() throws Exception {
        UUID id = clinician.register(patient(canary()));
        String token = Tokens.forClient("notification");

        assertThat(get(TlsClients.withoutCertificate(), tlsBase, id, CLINIC_A, token)
                        .statusCode())
                .isEqualTo(401);
        assertThat(get(
                                HttpClient.newBuilder()
                                        .version(HttpClient.Version.HTTP_1_1)
                                        .build(),
                                plainBase,
                                id,
                                CLINIC_A,
                                token)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void certificateOfAnotherServiceDoesNotMatchTheToken() throws Exception {
        UUID id = clinician.register(patient(canary()));

        // The token names notification's certificate, so the binding refuses it before the CN is compared.
        assertThat(get(TlsClients.as("audit"), tlsBase, id, CLINIC_A, Tokens.forClient("notification"))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void subjectOfAnotherTenantIsNotFound() throws Exception {
        UUID id = clinician.register(patient(canary()));

        assertThat(get(TlsClients.as("notification"), tlsBase, id, CLINIC_B, Tokens.forClient("notification"))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void requestWithoutTokenIsRefused() throws Exception {
        UUID id = clinician.register(patient(canary()));

        HttpResponse<String> response = TlsClients.as("notification")
                .send(
                        HttpRequest.newBuilder(contactUri(tlsBase, id, CLINIC_A))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> get(HttpClient client, URL base, UUID id, String tenant, String token)
            throws Exception {
        return client.send(
                HttpRequest.newBuilder(contactUri(base, id, tenant))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI contactUri(URL base, UUID id, String tenant) {
        return URI.create(base.toString().replaceAll("/$", "") + "/internal/v1/contacts/" + id + "?tenant=" + tenant);
    }
}
