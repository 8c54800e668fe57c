package io.phylax.vault.application.port.in;

import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/** Reads of subjects: the current Patient in the caller's view, the stream's history, and exact-match search. */
public interface PatientQueries {

    record FetchPatientQuery(RequestContext context, UUID subjectId) {}

    record FetchPatientHistoryQuery(RequestContext context, UUID subjectId) {}

    /**
     * Exact-match search through the blind index.
     *
     * @param system the identifier system, {@code email} for e-mail addresses, or empty for none
     * @param value  the identifier or address (PHI: never logged)
     */
    record SearchPatientsQuery(RequestContext context, String system, String value) {

        @Override
        public String toString() {
            return "SearchPatientsQuery[" + context.correlationId() + "]";
        }
    }

    Uni<ResourceSnapshot> fetch(FetchPatientQuery query);

    /** The live subjects whose identifier or e-mail equals the searched one, in the caller's view. */
    Uni<List<ResourceSnapshot>> search(SearchPatientsQuery query);

    Uni<List<HistoryEntry>> history(FetchPatientHistoryQuery query);
}
