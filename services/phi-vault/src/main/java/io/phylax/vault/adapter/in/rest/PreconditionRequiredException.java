package io.phylax.vault.adapter.in.rest;

/** An update without If-Match: refused, so that no one overwrites a version they have not seen. */
public class PreconditionRequiredException extends RuntimeException {

    public PreconditionRequiredException() {
        super("updates need If-Match with the version being replaced (the ETag of the last read)");
    }
}
