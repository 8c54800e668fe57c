package io.phylax.vault.adapter.in.rest;

/** A malformed part of the request other than the resource (a path id, a header); names it, never its value. */
public class InvalidRequestException extends RuntimeException {

    private final String field;

    public InvalidRequestException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
