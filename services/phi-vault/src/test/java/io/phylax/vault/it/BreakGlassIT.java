package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.testkit.DemoRealm.CLINIC_B;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.observation;
import static io.phylax.vault.it.SyntheticPatients.patient;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.phylax.contract.AccessAction;
import io.phylax.contract.AccessEvent;
import io.phylax.contract.AccessOutcome;
import io.phylax.contract.AccessSeverity;
import io.phylax.contract.PurposeOfUse;
import io.phylax.testkit.DemoRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Care teams and break-glass (ADR 17) through the clinic API with real Keycloak tokens: a clinician outside a
 * patient's care team is refused and told about break-glass; breaking it grants read-only access that ends
 * by itself, is a high-severity access event and moves the alert counter.
 */
@QuarkusTest
class BreakGlassIT {

    private static final String METRIC_LINE = "phylax_vault_break_glass_total{tenant=\"" + CLINIC_A + "\"}";

    // One token each for the whole class: Keycloak's brute-force detection counts rapid logins of one user.
    private static final VaultClient integration = VaultClient.asClient(DemoRealm.integrationClient(CLINIC_A));
    private static final VaultClient clinician = VaultClient.as(CLINIC_A, "clinician");
    /** A patient of clinic A whose care team is the integration client alone (it registered it). */
    private UUID patientOfAnotherTeam(String canary) {
        return integration.register(patient(canary));
    }

    private static String reason(String text) {
        return "{\"reason\":\"EMERGENCY_TREATMENT\",\"text\":\"" + text + "\"}";
    }

    @Test
    void clinicianOutsideTheCareTeamIsRefusedAndToldAboutBreakGlass() {
        String canary = canary();
        UUID id = patientOfAnotherTeam(canary);

        Response read = clinician.read(id);

        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(read.jsonPath().getString("type")).isEqualTo("urn:phylax:problem:outside-care-team");
        assertThat(read.jsonPath().getString("detail")).contains("Break-glass is available");
        assertThat(read.asString()).doesNotContain(canary);
        assertThat(clinician.listRecords(id).statusCode()).isEqualTo(403);
        assertThat(clinician.history(id).statusCode()).isEqualTo(403);
        // The registering caller is on the team from the start.
        assertThat(integration.read(id).statusCode()).isEqualTo(200);
    }

    @Test
    void searchShowsAPatientOutsideTheCareTeamMaskedSoTheGlassCanBeBroken() {
        String canary = canary();
        UUID id = patientOfAnotherTeam(canary);

        Response found = clinician
                .request()
                .contentType("application/json")
                .body("{\"identifier\":\"urn:oid:2.16.840.1.113883.4.1|" + canary + "-MRN\"}")
                .post("/api/v1/patients/_search");

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.jsonPath().getString("entry[0].resource.id")).isEqualTo(id.toString());
        assertThat(found.asString()).doesNotContain(canary);
    }

    @Test
    void breakGlassGrantsReadOnlyAccessForTheConfiguredTime() {
        String canary = canary();
        UUID id = patientOfAnotherTeam(canary);
        UUID record = VaultClient.idFrom(
                integration.addRecord(id, observation(canary)).header("Location"));

        Response grant = clinician.breakGlass(id, reason("unconscious in ER, team unreachable"));

        assertThat(grant.statusCode()).isEqualTo(201);
        assertThat(grant.jsonPath().getString("access")).isEqualTo("read-only");
        Duration granted = Duration.between(
                Instant.parse(grant.jsonPath().getString("grantedAt")),
                Instant.parse(grant.jsonPath().getString("expiresAt")));
        assertThat(granted).isEqualTo(Duration.ofMinutes(60));
        Response read = clinician.read(id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.asString()).contains(canary + "-Family");
        assertThat(clinician.listRecords(id).asString()).contains(canary + "-heart-rate");
        assertThat(clinician.readRecord(record).statusCode()).isEqualTo(200);
        assertThat(clinician.history(id).statusCode()).isEqualTo(200);
    }

    @Test
    void writesUnderBreakGlassAreRefused() {
        String canary = canary();
        UUID id = patientOfAnotherTeam(canary);
        UUID record = VaultClient.idFrom(
                integration.addRecord(id, observation(canary)).header("Location"));
        assertThat(clinician.breakGlass(id, reason("covering")).statusCode()).isEqualTo(201);

        Response update = clinician.update(id, clinician.read(id).header("ETag"), patient(canary));
        Response add = clinician.addRecord(id, observation(canary));
        Response amend = clinician
                .request()
                .header("If-Match", "W/\"1\"")
                .body(observation(canary))
                .put("/api/v1/records/" + record);

        for (Response write : List.of(update, add, amend)) {
            assertThat(write.statusCode()).isEqualTo(403);
            assertThat(write.jsonPath().getString("detail")).isEqualTo("break-glass access is read-only");
        }
        assertThat(integration.read(id).header("ETag")).isEqualTo("W/\"1\"");
    }

    @Test
    void expiredGrantIsRefusedAgain() throws Exception {
        UUID id = patientOfAnotherTeam(canary());
        assertThat(clinician.breakGlass(id, reason("night shift")).statusCode()).isEqualTo(201);
        assertThat(clinician.read(id).statusCode()).isEqualTo(200);

        assertThat(VaultDatabase.expireBreakGlass(id)).isEqualTo(1);

        Response read = clinician.read(id);
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(read.jsonPath().getString("type")).isEqualTo("urn:phylax:problem:outside-care-team");
    }

    @Test
    void breakGlassAndReadsUnderItAreHighSeverityAccessEvents() throws Exception {
        UUID id = patientOfAnotherTeam(canary());
        String granting = "bg-" + UUID.randomUUID();
        String reading = "bg-read-" + UUID.randomUUID();

        clinician
                .request()
                .header("X-Correlation-Id", granting)
                .contentType("application/json")
                .body(reason("stroke alert"))
                .post("/api/v1/patients/" + id + "/break-glass")
                .then()
                .statusCode(201);
        clinician
                .request()
                .header("X-Correlation-Id", reading)
                .header("X-Purpose-Of-Use", "TREAT")
                .get("/api/v1/patients/" + id)
                .then()
                .statusCode(200);

        AccessEvent grant = VaultDatabase.accessEvents(granting).getFirst();
        assertThat(grant.action()).isEqualTo(AccessAction.BREAK_GLASS);
        assertThat(grant.outcome()).isEqualTo(AccessOutcome.ALLOWED);
        assertThat(grant.severity()).isEqualTo(AccessSeverity.HIGH);
        assertThat(grant.subjectId()).isEqualTo(id);
        assertThat(grant.actor().subject()).isEqualTo(clinician.userId());
        AccessEvent read = VaultDatabase.accessEvents(reading).getFirst();
        assertThat(read.action()).isEqualTo(AccessAction.READ);
        // Whatever the caller declared, a read under break-glass is emergency treatment.
        assertThat(read.purpose()).isEqualTo(PurposeOfUse.ETREAT);
        assertThat(read.severity()).isEqualTo(AccessSeverity.HIGH);
    }

    @Test
    void breakGlassMovesTheAlertCounter() {
        UUID id = patientOfAnotherTeam(canary());
        double before = breakGlassCount();

        clinician.breakGlass(id, reason("sepsis")).then().statusCode(201);
        clinician.read(id).then().statusCode(200);

        assertThat(breakGlassCount()).isEqualTo(before + 1);
        // Labels carry the tenant only: never a subject or a user, in this counter or any other metric (the
        // HTTP metrics label requests by path template, not by the path that was called).
        assertThat(metrics().lines().filter(l -> l.startsWith("phylax_vault_break_glass_total")))
                .allSatisfy(line -> assertThat(line).startsWith("phylax_vault_break_glass_total{tenant=\""));
        assertThat(metrics()).doesNotContain(id.toString()).doesNotContain(clinician.userId());
    }

    @Test
    void onlyCliniciansMayBreakGlass() throws Exception {
        UUID id = patientOfAnotherTeam(canary());
        double before = breakGlassCount();

        for (String role : List.of("scheduler", "support", "tenant-admin", "auditor", "billing")) {
            String correlation = "bg-denied-" + UUID.randomUUID();
            Response refused = VaultClient.as(CLINIC_A, role)
                    .request()
                    .header("X-Correlation-Id", correlation)
                    .contentType("application/json")
                    .body(reason("trying"))
                    .post("/api/v1/patients/" + id + "/break-glass");
            assertThat(refused.statusCode()).as(role).isEqualTo(403);
            assertThat(VaultDatabase.accessEvents(correlation).getFirst().outcome())
                    .isEqualTo(AccessOutcome.DENIED);
        }
        assertThat(breakGlassCount()).isEqualTo(before);
    }

    @Test
    void anotherTenantsPatientLooksMissing() {
        UUID id = patientOfAnotherTeam(canary());
        VaultClient foreign = VaultClient.as(CLINIC_B, "clinician");

        Response glass = foreign.breakGlass(id, reason("wrong clinic"));
        Response unknown = foreign.breakGlass(UUID.randomUUID(), reason("wrong clinic"));

        assertThat(glass.statusCode()).isEqualTo(404);
        assertThat(glass.asString()).isEqualTo(unknown.asString());
        assertThat(foreign.read(id).statusCode()).isEqualTo(404);
    }

    @Test
    void careTeamMembersReadWithoutBreakGlassAndCannotBreakIt() {
        UUID id = patientOfAnotherTeam(canary());
        VaultClient admin = VaultClient.as(CLINIC_A, "tenant-admin");
        assertThat(clinician.addToCareTeam(id, clinician.userId()).statusCode())
                .as("a clinician cannot put themselves on a team")
                .isEqualTo(403);

        admin.addToCareTeam(id, clinician.userId()).then().statusCode(204);
        assertThat(clinician.read(id).statusCode()).isEqualTo(200);
        assertThat(clinician.breakGlass(id, reason("not needed")).statusCode()).isEqualTo(409);
        assertThat(admin.request()
                        .get("/api/v1/patients/" + id + "/care-team")
                        .jsonPath()
                        .getList("members"))
                .contains(clinician.userId(), integration.userId());

        VaultClient.as(CLINIC_A, "scheduler")
                .removeFromCareTeam(id, clinician.userId())
                .then()
                .statusCode(204);
        assertThat(clinician.read(id).statusCode()).isEqualTo(403);
        assertThat(VaultClient.as(CLINIC_B, "tenant-admin")
                        .addToCareTeam(id, clinician.userId())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void freeTextIsKeptOnlyEncryptedAndNeverEchoed() throws Exception {
        String canary = canary();
        UUID id = patientOfAnotherTeam(canary());

        Response tooLong;
        Response noReason;
        List<String> logged;

        try (CapturedLogs logs = CapturedLogs.start()) {
            clinician
                    .breakGlass(id, reason("patient " + canary + " collapsed"))
                    .then()
                    .statusCode(201);
            tooLong = clinician.breakGlass(id, reason(canary + "x".repeat(300)));
            noReason = clinician.breakGlass(id, "{\"text\":\"" + canary + "\"}");
            logged = logs.lines();
        }

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.jsonPath().getString("errors[0].field")).isEqualTo("text");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.jsonPath().getString("errors[0].field")).isEqualTo("reason");
        assertThat(tooLong.asString() + noReason.asString()).doesNotContain(canary);
        assertThat(VaultDatabase.tablesContaining(canary)).isEmpty();
        assertThat(logged).noneSatisfy(line -> assertThat(line).contains(canary));
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("break-glass granted"));
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double breakGlassCount() {
        return metrics()
                .lines()
                .filter(line -> line.startsWith(METRIC_LINE))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }
}
