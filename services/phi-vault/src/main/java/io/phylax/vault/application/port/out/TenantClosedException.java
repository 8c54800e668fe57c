package io.phylax.vault.application.port.out;

/** The tenant's account was closed (ADR 0019): nothing new may be registered under it. */
public class TenantClosedException extends RuntimeException {

    public TenantClosedException() {
        super("the tenant's account is closed");
    }
}
