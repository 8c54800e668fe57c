package io.phylax.contract;

/**
 * Who touched a reference, as established from the caller's verified access token: names of a principal,
 * never a person's name or contact detail.
 *
 * @param issuer   the token issuer (an http(s) URL without query or fragment)
 * @param subject  the token subject (a user or service-account id)
 * @param clientId the OAuth client the token was issued to ({@code azp})
 */
public record Actor(String issuer, String subject, String clientId) {

    public Actor {
        // Field names carry the "actor." prefix: an Actor only ever appears as AccessEvent.actor.
        Constraints.issuer(issuer, "actor.issuer");
        Constraints.principalName(subject, "actor.subject");
        Constraints.principalName(clientId, "actor.clientId");
    }
}
