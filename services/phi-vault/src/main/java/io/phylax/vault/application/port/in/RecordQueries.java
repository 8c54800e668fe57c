package io.phylax.vault.application.port.in;

import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/** Reads of records: one record, or the records of a subject the caller's role may see. */
public interface RecordQueries {

    record FetchRecordQuery(RequestContext context, UUID recordId) {}

    record ListRecordsQuery(RequestContext context, UUID subjectId) {}

    Uni<ResourceSnapshot> fetch(FetchRecordQuery query);

    Uni<List<ResourceSnapshot>> list(ListRecordsQuery query);
}
