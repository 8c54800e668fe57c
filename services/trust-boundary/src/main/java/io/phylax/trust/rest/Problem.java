package io.phylax.trust.rest;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error body in the shape of RFC 9457 problem details. It names the problem (and the fields at fault)
 * but never repeats a submitted value, since that value may be PHI.
 *
 * @param type   a stable URI-like identifier of the kind of problem
 * @param title  a short human-readable summary
 * @param status the HTTP status
 * @param detail what went wrong, in words that contain no submitted value
 * @param errors the fields at fault and why, if any
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    /** One field at fault: its path in the request and the reason, never its value. */
    public record FieldError(String field, String reason) {}

    public static Problem of(int status, String type, String title, String detail) {
        return new Problem("urn:phylax:problem:" + type, title, status, detail, List.of());
    }

    /** This problem as a JSON response with its status. */
    public Response toResponse() {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(this)
                .build();
    }
}
