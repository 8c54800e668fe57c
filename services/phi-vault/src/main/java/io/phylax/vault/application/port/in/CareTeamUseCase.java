package io.phylax.vault.application.port.in;

import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/** Who is on a subject's care team (the clinicians whose normal scope includes it), for tenant-admins and schedulers. */
public interface CareTeamUseCase {

    /** The members' user ids (token subjects), sorted. */
    Uni<List<String>> members(RequestContext context, UUID subjectId);

    /** Adds a clinician by user id; adding a member twice changes nothing. */
    Uni<Void> add(RequestContext context, UUID subjectId, String member);

    /** Removes a member; removing someone who is not a member changes nothing. */
    Uni<Void> remove(RequestContext context, UUID subjectId, String member);
}
