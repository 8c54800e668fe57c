package io.phylax.bench;

import java.util.Base64;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.phylax.testkit.Tokens;

/**
 * An access token for one seeded user, fetched again well before it expires (the realm's tokens live five
 * minutes), so a long run never sends an expired one and the refresh stays out of the measured calls' way.
 */
final class TokenSource implements Supplier<String> {

    private static final long REFRESH_AFTER_NANOS = 120_000_000_000L;

    private final String user;
    private volatile String token;
    private volatile long fetchedAt;

    TokenSource(String user) {
        this.user = user;
    }

    @Override
    public String get() {
        long now = System.nanoTime();
        if (token == null || now - fetchedAt > REFRESH_AFTER_NANOS) {
            synchronized (this) {
                if (token == null || System.nanoTime() - fetchedAt > REFRESH_AFTER_NANOS) {
                    token = Tokens.forUser(user);
                    fetchedAt = System.nanoTime();
                }
            }
        }
        return token;
    }

    /** The tenant claim of the user's token: the tenant whose rows the vault's database role may see. */
    String tenant() {
        String[] parts = get().split("\\.");
        try {
            JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
            String tenant = claims.path("tenant").asText("");
            if (tenant.isEmpty()) {
                throw new IllegalStateException(user + "'s token carries no tenant claim");
            }
            return tenant;
        } catch (java.io.IOException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException(user + "'s token is not a JWT", e);
        }
    }
}
