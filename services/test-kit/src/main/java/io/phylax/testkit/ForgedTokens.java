package io.phylax.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Tokens made by the tests rather than by Keycloak, for the attack matrix. The local realm imports its RS256
 * signing key from the state directory (ADR 0060), so a token minted here with {@link #realmKey()} is one
 * Keycloak could have issued; changing exactly one claim or header shows that one check at work. Other
 * forgeries use keys an attacker has: none, a fresh RSA key, or the realm's public key as an HMAC secret.
 */
public final class ForgedTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private ForgedTokens() {}

    /**
     * Claims as Keycloak puts them in a clinic user's access token for {@code audience}: issued now, valid for
     * five minutes, tenant {@code tenant} and the one realm role {@code role}.
     */
    public static ObjectNode claims(String audience, String tenant, String role) {
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode();
        claims.put("exp", now + 300);
        claims.put("iat", now);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iss", LocalStack.get().issuer());
        claims.put("aud", audience);
        claims.put("sub", UUID.randomUUID().toString());
        claims.put("typ", "Bearer");
        claims.put("azp", "phylax-cli");
        claims.putObject("realm_access").putArray("roles").add(role);
        claims.put("tenant", tenant);
        claims.put("preferred_username", tenant + "-" + role);
        return claims;
    }

    /** Signed RS256 with the realm's own key and kid: what Keycloak itself would sign. */
    public static String signedByRealm(ObjectNode claims) {
        return rs256(claims, realmKid(), realmKey());
    }

    /** Signed RS256 with {@code key} under header {@code kid}. */
    public static String rs256(ObjectNode claims, String kid, PrivateKey key) {
        String input = header("RS256", kid) + "." + encode(claims);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed HS256 with {@code secret} (the algorithm-confusion attack uses the realm's public key here). */
    public static String hs256(ObjectNode claims, String kid, byte[] secret) {
        String input = header("HS256", kid) + "." + encode(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + B64URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}, no signature. */
    public static String unsigned(ObjectNode claims, String kid) {
        return header("none", kid) + "." + encode(claims) + ".";
    }

    /** A fresh RSA key no one has registered anywhere. */
    public static PrivateKey attackerKey() {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            return rsa.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The realm's signing key, from the state directory (local demo realm only). */
    public static PrivateKey realmKey() {
        try {
            byte[] pkcs8 = Base64.getDecoder().decode(LocalStack.get().secret("keycloak-realm-signing-key"));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the realm signing key in the state directory is unreadable", e);
        }
    }

    /** The kid under which the realm publishes {@link #realmKey()}, found by matching the modulus in its JWKS. */
    public static String realmKid() {
        BigInteger modulus = ((RSAPrivateCrtKey) realmKey()).getModulus();
        for (JsonNode key : jwks()) {
            if ("RSA".equals(key.path("kty").asText()) && modulus.equals(unsigned(key.path("n")))) {
                return key.path("kid").asText();
            }
        }
        throw new IllegalStateException("the realm does not publish the signing key of the state directory:"
                + " restart Keycloak through deploy/local/lib/keycloak.sh so it imports the realm again");
    }

    /** The realm's public signing key as PEM text, as anyone can build it from the JWKS. */
    public static String realmPublicKeyPem() {
        try {
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) realmKey();
            PublicKey pub = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(pub.getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode jwks() {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(LocalStack.get().issuer() + "/protocol/openid-connect/certs"))
                .build();
        try {
            return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString())
                            .body())
                    .path("keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger unsigned(JsonNode base64url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64url.asText()));
    }

    private static String header(String alg, String kid) {
        return encode(JSON.valueToTree(
                kid == null ? Map.of("alg", alg, "typ", "JWT") : Map.of("alg", alg, "typ", "JWT", "kid", kid)));
    }

    private static String encode(JsonNode json) {
        try {
            return B64URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
