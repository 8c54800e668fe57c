package io.phylax.vault.adapter.out.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.phylax.contract.AccessEvent;
import io.phylax.contract.EventCodec;
import io.phylax.contract.Topics;
import io.phylax.vault.application.port.out.RecordAccessPort;
import io.phylax.vault.config.VaultConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes access events to the outbox by group commit: every request that reads PHI waits for its access
 * event to be durable, but many requests share one transaction. While one batch commits, the next
 * accumulates; a batch is one multi-row INSERT. Nothing is held only in memory once a caller is answered.
 */
@ApplicationScoped
public class GroupCommitAccessLog implements RecordAccessPort {

    private static final Logger LOG = Logger.getLogger(GroupCommitAccessLog.class);

    static final String INSERT = "INSERT INTO outbox (event_id, topic, message_key, payload, trace_parent)"
            + " SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bytea[], $5::text[])";

    /** An access event waiting for its batch, with the trace context of the request that caused it. */
    private record Pending(AccessEvent event, String traceParent, CompletableFuture<Void> durable) {}

    private final Pool pool;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();

    @Inject
    public GroupCommitAccessLog(Pool pool, VaultConfig config) {
        this.pool = pool;
        this.maxBatch = config.accessLog().maxBatch();
    }

    @Override
    public Uni<Void> record(AccessEvent event) {
        Context caller = Vertx.currentContext();
        CompletableFuture<Void> durable = new CompletableFuture<>();
        queue.add(new Pending(event, TraceParent.current(), durable));
        flush();
        Uni<Void> done = Uni.createFrom().completionStage(durable);
        // Resume on the request's own context, not on the connection's.
        return caller == null ? done : done.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }

    private void flush() {
        if (!flushing.compareAndSet(false, true)) {
            return;
        }
        List<Pending> batch = new ArrayList<>();
        for (Pending next; batch.size() < maxBatch && (next = queue.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            flushing.set(false);
            if (!queue.isEmpty()) {
                flush();
            }
            return;
        }
        insert(batch).subscribe().with(ok -> finish(batch, null), error -> {
            LOG.errorf(
                    "could not record %d access events: %s",
                    batch.size(), error.getClass().getName());
            finish(batch, error);
        });
    }

    private void finish(List<Pending> batch, Throwable error) {
        for (Pending pending : batch) {
            if (error == null) {
                pending.durable().complete(null);
            } else {
                pending.durable().completeExceptionally(error);
            }
        }
        flushing.set(false);
        flush();
    }

    private Uni<Void> insert(List<Pending> batch) {
        UUID[] ids = new UUID[batch.size()];
        String[] topics = new String[batch.size()];
        String[] keys = new String[batch.size()];
        Buffer[] payloads = new Buffer[batch.size()];
        String[] traceParents = new String[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            AccessEvent event = batch.get(i).event();
            ids[i] = event.eventId();
            topics[i] = Topics.PHI_ACCESS;
            // Keyed by subject like the reference events; accesses without a subject go by tenant.
            keys[i] = event.subjectId() != null ? event.subjectId().toString() : event.tenant();
            payloads[i] = Buffer.buffer(EventCodec.encode(event));
            traceParents[i] = batch.get(i).traceParent();
        }
        Tuple arrays = Tuple.tuple()
                .addArrayOfUUID(ids)
                .addArrayOfString(topics)
                .addArrayOfString(keys)
                .addValue(payloads)
                .addArrayOfString(traceParents);
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT).execute(arrays))
                .replaceWithVoid();
    }
}
