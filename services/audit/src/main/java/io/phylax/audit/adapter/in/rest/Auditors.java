package io.phylax.audit.adapter.in.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.phylax.audit.application.NotAuditorException;
import io.phylax.trust.Caller;
import io.phylax.trust.CallerResolver;

/** The caller of an auditor endpoint: tenant-scoped (from the verified token) and holding the auditor role. */
@ApplicationScoped
public class Auditors {

    static final String ROLE = "auditor";

    private final CallerResolver callers;

    @Inject
    public Auditors(CallerResolver callers) {
        this.callers = callers;
    }

    /** The auditor's tenant, which every query is scoped to. */
    public String tenant() {
        Caller caller = callers.require();
        if (!caller.hasRole(ROLE)) {
            throw new NotAuditorException();
        }
        return caller.tenant();
    }
}
