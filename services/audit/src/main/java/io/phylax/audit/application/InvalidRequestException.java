package io.phylax.audit.application;

/** A query parameter or path value the API cannot use; names the field and the rule, never the value. */
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
