package io.phylax.vault.application.port.in;

/** No such subject or record for this tenant. Said the same way whether it is missing or another tenant's. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String kind) {
        super(kind + " not found");
    }
}
