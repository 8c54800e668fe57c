package io.phylax.audit.adapter.out.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.phylax.audit.application.port.out.TreePort;
import io.phylax.audit.domain.ChainedEntry;
import io.phylax.audit.domain.NodeId;
import io.phylax.audit.verify.CompactRange;
import io.phylax.audit.verify.SignedTreeHead;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The Merkle tree in PostgreSQL: signed heads in {@code tree_head}, and the hash of every complete perfect subtree
 * of two or more entries in {@code merkle_node} (single entries' hashes are {@code audit_entry.leaf_hash}). Both
 * are written only when a head is signed, in the same transaction, so every node a signed tree needs is stored.
 */
@ApplicationScoped
public class PgTree implements TreePort {

    private static final Logger LOG = Logger.getLogger(PgTree.class);

    private static final String HEAD_COLUMNS = "tree_size, timestamp_ms, root_hash, key_id, signature";
    private static final String LATEST = "SELECT " + HEAD_COLUMNS + " FROM tree_head ORDER BY tree_size DESC LIMIT 1";
    private static final String AT_SIZE = "SELECT " + HEAD_COLUMNS + " FROM tree_head WHERE tree_size = $1";
    private static final String ALL = "SELECT " + HEAD_COLUMNS + " FROM tree_head ORDER BY tree_size";
    private static final String LEAVES = "SELECT seq, leaf_hash FROM audit_entry WHERE seq = ANY($1)";
    private static final String INNER = "SELECT n.level, n.idx, n.hash FROM merkle_node n"
            + " JOIN unnest($1::int[], $2::bigint[]) AS want(level, idx) ON n.level = want.level AND n.idx = want.idx";
    private static final String LEAF_RANGE =
            "SELECT seq, leaf_hash FROM audit_entry WHERE seq >= $1 AND seq < $2 ORDER BY seq";
    private static final String INSERT_NODES =
            "INSERT INTO merkle_node (level, idx, hash) SELECT * FROM unnest($1::int[], $2::bigint[], $3::bytea[])";
    private static final String INSERT_HEAD =
            "INSERT INTO tree_head (" + HEAD_COLUMNS + ") VALUES ($1, $2, $3, $4, $5)";
    private static final String ENTRIES_AFTER =
            "SELECT " + EntryRows.COLUMNS + " FROM audit_entry WHERE seq > $1 ORDER BY seq LIMIT $2";

    private final Pool pool;

    @Inject
    public PgTree(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Optional<SignedTreeHead>> latestTreeHead() {
        return pool.query(LATEST).execute().map(rows -> heads(rows).stream().findFirst());
    }

    @Override
    public Uni<Optional<SignedTreeHead>> treeHead(long treeSize) {
        return pool.preparedQuery(AT_SIZE)
                .execute(Tuple.of(treeSize))
                .map(rows -> heads(rows).stream().findFirst());
    }

    @Override
    public Uni<Map<NodeId, byte[]>> nodes(Collection<NodeId> nodes) {
        return nodes(pool, nodes);
    }

    private static Uni<Map<NodeId, byte[]>> nodes(SqlClient client, Collection<NodeId> wanted) {
        Long[] leaves =
                wanted.stream().filter(n -> n.level() == 0).map(NodeId::index).toArray(Long[]::new);
        List<NodeId> inner = wanted.stream().filter(n -> n.level() > 0).toList();
        Integer[] levels = inner.stream().map(NodeId::level).toArray(Integer[]::new);
        Long[] indexes = inner.stream().map(NodeId::index).toArray(Long[]::new);
        Uni<RowSet<Row>> leafRows = leaves.length == 0
                ? Uni.createFrom().nullItem()
                : client.preparedQuery(LEAVES).execute(Tuple.of(leaves));
        return leafRows.flatMap(leafSet -> {
            Map<NodeId, byte[]> found = new HashMap<>();
            if (leafSet != null) {
                leafSet.forEach(row -> found.put(
                        new NodeId(0, row.getLong("seq")),
                        row.getBuffer("leaf_hash").getBytes()));
            }
            if (levels.length == 0) {
                return Uni.createFrom().item(found);
            }
            return client.preparedQuery(INNER)
                    .execute(Tuple.of(levels, indexes))
                    .map(rows -> {
                        rows.forEach(row -> found.put(
                                new NodeId(row.getInteger("level"), row.getLong("idx")),
                                row.getBuffer("hash").getBytes()));
                        return found;
                    });
        });
    }

    @Override
    public Uni<Optional<Extension>> extendAndSign(int maxEntries, Signer signer) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
                .execute(Tuple.of(Locks.TREE_HEAD))
                .flatMap(locked -> {
                    if (!locked.iterator().next().getBoolean(0)) {
                        return Uni.createFrom().item(Optional.<Extension>empty());
                    }
                    return connection
                            .query(LATEST)
                            .execute()
                            .flatMap(latest -> connection
                                    .query("SELECT coalesce(max(seq) + 1, 0) FROM audit_entry")
                                    .execute()
                                    .flatMap(count -> {
                                        Optional<SignedTreeHead> previous =
                                                heads(latest).stream().findFirst();
                                        long logSize = count.iterator().next().getLong(0);
                                        return extend(connection, previous, logSize, maxEntries, signer);
                                    }));
                }));
    }

    private Uni<Optional<Extension>> extend(
            SqlConnection connection, Optional<SignedTreeHead> previous, long logSize, int maxEntries, Signer signer) {
        long from = previous.map(SignedTreeHead::treeSize).orElse(0L);
        if (logSize < from) {
            // Entries a signed head covers are gone: never sign over that; POST /verify names what is missing.
            LOG.errorf("the log has %d entries but a signed tree head covers %d; not signing", logSize, from);
            return Uni.createFrom().item(Optional.empty());
        }
        long to = Math.min(logSize, from + maxEntries);
        if (previous.isPresent() && to == from) {
            return Uni.createFrom().item(Optional.empty());
        }
        List<NodeId> edge = CompactRange.edgeOf(from).stream()
                .map(n -> new NodeId(n.level(), n.index()))
                .toList();
        return nodes(connection, edge)
                .flatMap(edgeHashes -> connection
                        .preparedQuery(LEAF_RANGE)
                        .execute(Tuple.of(from, to))
                        .flatMap(leaves -> {
                            List<CompactRange.Node> completed = new ArrayList<>();
                            CompactRange range = CompactRange.resume(
                                    from,
                                    edge.stream()
                                            .map(n -> new CompactRange.Node(n.level(), n.index(), edgeHashes.get(n)))
                                            .toList(),
                                    completed::add);
                            long expected = from;
                            for (Row leaf : leaves) {
                                if (leaf.getLong("seq") != expected) {
                                    throw new IllegalStateException("entry " + expected + " is missing; not signing");
                                }
                                range.append(leaf.getBuffer("leaf_hash").getBytes());
                                expected++;
                            }
                            if (expected != to) {
                                throw new IllegalStateException("entry " + expected + " is missing; not signing");
                            }
                            SignedTreeHead head = signer.sign(to, System.currentTimeMillis(), range.root());
                            return insertNodes(connection, completed)
                                    .flatMap(ignored -> connection
                                            .preparedQuery(INSERT_HEAD)
                                            .execute(Tuple.of(
                                                    head.treeSize(),
                                                    head.timestamp(),
                                                    Buffer.buffer(head.rootHash()),
                                                    Buffer.buffer(head.keyId()),
                                                    Buffer.buffer(head.signature()))))
                                    .map(ignored -> Optional.of(new Extension(head, to < logSize)));
                        }));
    }

    private static Uni<Void> insertNodes(SqlConnection connection, List<CompactRange.Node> nodes) {
        if (nodes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Integer[] levels = nodes.stream().map(CompactRange.Node::level).toArray(Integer[]::new);
        Long[] indexes = nodes.stream().map(CompactRange.Node::index).toArray(Long[]::new);
        // Tuple.of hands values to the core client as they are, so they are core Buffers, not Mutiny wrappers.
        Buffer[] hashes = nodes.stream().map(n -> Buffer.buffer(n.hash())).toArray(Buffer[]::new);
        return connection
                .preparedQuery(INSERT_NODES)
                .execute(Tuple.of(levels, indexes, hashes))
                .replaceWithVoid();
    }

    @Override
    public <T> Uni<T> inSnapshot(Function<Snapshot, Uni<T>> work) {
        return pool.withTransaction(connection -> connection
                // One snapshot for the whole walk: appends that commit meanwhile are not seen half-way.
                .query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute()
                .flatMap(ignored -> work.apply(new Snapshot() {
                    @Override
                    public Uni<List<SignedTreeHead>> treeHeads() {
                        return connection.query(ALL).execute().map(PgTree::heads);
                    }

                    @Override
                    public Uni<List<ChainedEntry>> entriesAfter(long afterSeq, int limit) {
                        return connection
                                .preparedQuery(ENTRIES_AFTER)
                                .execute(Tuple.of(afterSeq, limit))
                                .map(PgAuditLog::entries);
                    }
                })));
    }

    private static List<SignedTreeHead> heads(RowSet<Row> rows) {
        List<SignedTreeHead> heads = new ArrayList<>(rows.size());
        rows.forEach(row -> heads.add(new SignedTreeHead(
                row.getLong("tree_size"),
                row.getLong("timestamp_ms"),
                row.getBuffer("root_hash").getBytes(),
                row.getBuffer("key_id").getBytes(),
                row.getBuffer("signature").getBytes())));
        return heads;
    }
}
