package io.phylax.vault.application.port.in;

import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/** Reads of subjects: the current Patient in the caller's view, and the stream's history. */
public interface PatientQueries {

    record FetchPatientQuery(RequestContext context, UUID subjectId) {}

    record FetchPatientHistoryQuery(RequestContext context, UUID subjectId) {}

    Uni<ResourceSnapshot> fetch(FetchPatientQuery query);

    Uni<List<HistoryEntry>> history(FetchPatientHistoryQuery query);
}
