package io.phylax.vault.adapter.in.rest;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

import io.phylax.vault.domain.crypto.RecipientCipher;

/**
 * Reads an export requester's RSA public key, as an SPKI PEM ({@code -----BEGIN PUBLIC KEY-----}) or as a
 * JWK ({@code {"kty":"RSA","n":...,"e":...}}), with the JCA alone. Refusals name the field, never the key.
 */
final class RecipientKeys {

    private static final String FIELD = "publicKey";
    private static final String SHAPE = "must be an RSA public key (at least " + RecipientCipher.MIN_RSA_BITS
            + " bits) as an SPKI PEM string" + " or a JWK object with kty RSA, n and e";

    private RecipientKeys() {}

    static RSAPublicKey parse(JsonNode node) {
        RSAPublicKey key;
        try {
            if (node != null && node.isTextual()) {
                key = fromPem(node.asText());
            } else if (node != null && node.isObject()) {
                key = fromJwk(node);
            } else {
                throw new InvalidRequestException(FIELD, SHAPE);
            }
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new InvalidRequestException(FIELD, SHAPE);
        }
        if (key.getModulus().bitLength() < RecipientCipher.MIN_RSA_BITS) {
            throw new InvalidRequestException(FIELD, SHAPE);
        }
        return key;
    }

    private static RSAPublicKey fromPem(String pem) throws GeneralSecurityException {
        String body = pem.strip();
        if (!body.startsWith("-----BEGIN PUBLIC KEY-----") || !body.endsWith("-----END PUBLIC KEY-----")) {
            throw new InvalidRequestException(FIELD, SHAPE);
        }
        body = body.substring(
                        "-----BEGIN PUBLIC KEY-----".length(), body.length() - "-----END PUBLIC KEY-----".length())
                .replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        return (RSAPublicKey) key;
    }

    private static RSAPublicKey fromJwk(JsonNode jwk) throws GeneralSecurityException {
        if (!"RSA".equals(jwk.path("kty").asText())
                || !jwk.path("n").isTextual()
                || !jwk.path("e").isTextual()) {
            throw new InvalidRequestException(FIELD, SHAPE);
        }
        Base64.Decoder b64 = Base64.getUrlDecoder();
        BigInteger modulus = new BigInteger(1, b64.decode(jwk.get("n").asText()));
        BigInteger exponent = new BigInteger(1, b64.decode(jwk.get("e").asText()));
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    }
}
