package io.phylax.vault.adapter.in.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An export requester's key is read as SPKI PEM or JWK; anything else is refused naming the field only. */
class RecipientKeysTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void pemAndJwkGiveTheSameKey() throws Exception {
        RSAPublicKey key = (RSAPublicKey) rsa(2048).getPublic();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        ObjectNode jwk = JSON.objectNode()
                .put("kty", "RSA")
                .put("n", b64url(key.getModulus().toByteArray()))
                .put("e", b64url(key.getPublicExponent().toByteArray()));

        assertThat(RecipientKeys.parse(JSON.textNode(pem))).isEqualTo(key);
        assertThat(RecipientKeys.parse(jwk)).isEqualTo(key);
    }

    @Test
    void weakMissingOrForeignKeysAreRefusedWithoutEchoingThem() throws Exception {
        String weak = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getEncoder().encodeToString(rsa(1024).getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
        ObjectNode ecJwk = JSON.objectNode().put("kty", "EC").put("crv", "P-256");

        for (var node : new com.fasterxml.jackson.databind.JsonNode[] {
            JSON.textNode(weak), ecJwk, JSON.textNode("CANARY-PHI-not-a-key"), JSON.numberNode(7), null
        }) {
            assertThatThrownBy(() -> RecipientKeys.parse(node))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.field()).isEqualTo("publicKey");
                        assertThat(e.getMessage()).doesNotContain("CANARY");
                    });
        }
    }

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    private static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
