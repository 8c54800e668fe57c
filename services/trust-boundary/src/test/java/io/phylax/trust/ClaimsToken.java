package io.phylax.trust;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

/** Just enough of a verified token to carry claims, for the unit tests of what the edge reads from tokens. */
public record ClaimsToken(Map<String, Object> values) implements JsonWebToken {

    @Override
    public String getName() {
        return "test";
    }

    @Override
    public Set<String> getClaimNames() {
        return values.keySet();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String name) {
        return (T) values.get(name);
    }
}
