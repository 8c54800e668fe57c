package io.phylax.vault.application.port.in;

import java.util.Objects;

import io.phylax.contract.PurposeOfUse;
import io.phylax.trust.Caller;

/**
 * Who asks, why, and the correlation id that ties the request to its events.
 *
 * @param purpose the declared purpose of use, if the caller gave one
 */
public record RequestContext(Caller caller, String correlationId, PurposeOfUse purpose) {

    public RequestContext {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(correlationId, "correlationId");
    }

    public String tenant() {
        return caller.tenant();
    }
}
