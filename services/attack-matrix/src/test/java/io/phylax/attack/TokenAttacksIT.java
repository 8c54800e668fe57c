package io.phylax.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Eventually;
import io.phylax.testkit.ForgedTokens;
import io.phylax.testkit.ServiceLogs;
import io.phylax.testkit.Tokens;

/**
 * Bad tokens against every service's edge: each is refused with 401, and the service logs a reason for the
 * refusal but never the token. Tokens minted with the realm's own key differ from a genuine one in exactly
 * the defect the test names; {@link #tokenMintedWithTheRealmKeyIsAccepted} shows the minting itself is sound.
 */
class TokenAttacksIT {

    static final java.util.List<String> SERVICES = DemoRealm.SERVICES;

    /** Every service answers whoami for any authenticated caller with a tenant: the narrowest probe of its edge. */
    private static final String PROBE = "/api/v1/whoami";

    /**
     * Quarkus refuses a token whose algorithm is not the realm key's either when it resolves the key (none
     * fits) or when it checks the algorithm against the key: both name the refusal correctly.
     */
    private static final String NO_KEY_FOR_ALGORITHM = "algorithm-not-allowed|key-not-resolvable";

    @ParameterizedTest(name = "{0}")
    @FieldSource("SERVICES")
    void tokenMintedWithTheRealmKeyIsAccepted(String service) {
        String token = ForgedTokens.signedByRealm(valid(service));

        assertThat(Http.get(Http.baseUrl(service) + PROBE, token).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SERVICES")
    void rejectsAlgNone(String service) {
        assertRefused(service, ForgedTokens.unsigned(valid(service), ForgedTokens.realmKid()), NO_KEY_FOR_ALGORITHM);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SERVICES")
    void rejectsHs256SignedWithTheRealmsPublicKey(String service) {
        byte[] publicKey = ForgedTokens.realmPublicKeyPem().getBytes(StandardCharsets.US_ASCII);

        assertRefused(
                service, ForgedTokens.hs256(valid(service), ForgedTokens.realmKid(), publicKey), NO_KEY_FOR_ALGORITHM);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SERVICES")
    void rejectsUnknownKid(String service) {
        assertRefused(
                service,
                ForgedTokens.rs256(valid(service), "attacker-key-1", ForgedTokens.attackerKey()),
                "key-not-resolvable");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SERVICES")
    void rejectsTheRealmsKidOnAnotherKeysSignature(String service) {
        assertRefused(
                service,
                ForgedTokens.rs256(valid(service), ForgedTokens.realmKid(), ForgedTokens.attackerKey()),
                "signature-invalid");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SERVICES")
    void rejectsExpiredToken(String service) {
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = valid(service).put("iat", now - 420).put("exp", now - 120);

        assertRefused(service, ForgedTokens.signedByRealm(claims), "expired");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SERVICES")
    void rejectsTokenNotYetValid(String service) {
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = valid(service).put("nbf", now + 600).put("iat", now).put("exp", now + 900);

        assertRefused(service, ForgedTokens.signedByRealm(claims), "not-yet-valid");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SERVICES")
    void rejectsWrongIssuer(String service) {
        ObjectNode claims = valid(service);
        claims.put("iss", claims.path("iss").asText().replace("/realms/phylax", "/realms/phylax-attacker"));

        assertRefused(service, ForgedTokens.signedByRealm(claims), "issuer-invalid");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SERVICES")
    void rejectsMissingAudience(String service) {
        ObjectNode claims = valid(service);
        claims.remove("aud");

        assertRefused(service, ForgedTokens.signedByRealm(claims), "audience-missing");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SERVICES")
    void rejectsWrongAudience(String service) {
        String other = SERVICES.get((SERVICES.indexOf(service) + 1) % SERVICES.size());

        assertRefused(service, ForgedTokens.signedByRealm(valid(other)), "audience-invalid");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SERVICES")
    void rejectsIdTokenUsedAsAccessToken(String service) {
        String idToken = Tokens.idTokenForUser(DemoRealm.user(DemoRealm.CLINIC_A, "clinician"));

        assertRefused(service, idToken, "audience-invalid");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SERVICES")
    void rejectsTokenFromAnotherRealm(String service) {
        String foreign = Tokens.forUserOfRealm("phylax-attacker", DemoRealm.user(DemoRealm.CLINIC_A, "clinician"));

        assertRefused(service, foreign, "key-not-resolvable|issuer-invalid");
    }

    /** A clinic-a clinician's claims, for {@code audience}, as Keycloak would issue them. */
    private static ObjectNode valid(String audience) {
        return ForgedTokens.claims(audience, DemoRealm.CLINIC_A, "clinician");
    }

    /**
     * The token is refused with 401 and a problem-free body, the service logs a refusal whose reason matches
     * {@code reason}, and neither the token nor its signature appears in the log.
     */
    private static void assertRefused(String service, String token, String reason) {
        ServiceLogs log = ServiceLogs.mark(service);

        HttpResponse<String> response = Http.get(Http.baseUrl(service) + PROBE, token);

        assertThat(response.statusCode()).as("status").isEqualTo(401);
        assertThat(response.body()).as("body").doesNotContain(token);
        Pattern refusal = Pattern.compile("credential refused: reason=(" + reason + ") request=GET " + PROBE);
        String logged = Eventually.within(
                Duration.ofSeconds(5),
                service + " logs the refusal",
                () -> Optional.of(log.sinceMark())
                        .filter(text -> refusal.matcher(text).find()));
        String signature = token.substring(token.lastIndexOf('.') + 1);
        assertThat(logged).as("log").doesNotContain(token);
        if (signature.length() > 16) {
            assertThat(logged).as("log").doesNotContain(signature);
        }
    }
}
