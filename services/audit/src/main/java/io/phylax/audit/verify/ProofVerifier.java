package io.phylax.audit.verify;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;

/**
 * Command-line check of an audit-log proof against a signed tree head, trusting nothing the service says: the
 * tree head's signature is checked with a public key the caller supplies, the entry's leaf hash is recomputed
 * from its fields, and the proof is replayed by RFC 9162's algorithms. Needs only the JDK:
 *
 * <pre>
 * java -cp services/audit/target/classes io.phylax.audit.verify.ProofVerifier \
 *     tree-head.json proof.json audit-public-key.pem [old-tree-head.json]
 * </pre>
 *
 * <p>Exit status 0: the proof holds; 1: it does not; 2: the inputs could not be read.
 */
public final class ProofVerifier {

    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int UNUSABLE_INPUT = 2;

    /** What a check concluded, in one line for a person. */
    public record Verdict(boolean valid, String message) {
        static Verdict valid(String message) {
            return new Verdict(true, "OK: " + message);
        }

        static Verdict invalid(String message) {
            return new Verdict(false, "FAILED: " + message);
        }
    }

    private ProofVerifier() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** {@link #main} without exiting: the exit status is returned. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 3 || args.length > 4) {
            err.println("usage: ProofVerifier <tree-head.json> <proof.json> <public-key.pem> [<old-tree-head.json>]");
            err.println("  checks an inclusion or consistency proof from the audit API against a signed tree head");
            return UNUSABLE_INPUT;
        }
        try {
            Verdict verdict =
                    verify(read(args[0]), read(args[1]), read(args[2]), args.length == 4 ? read(args[3]) : null);
            (verdict.valid() ? out : err).println(verdict.message());
            return verdict.valid() ? VALID : INVALID;
        } catch (IOException e) {
            err.println("cannot read an input file: " + e.getMessage());
            return UNUSABLE_INPUT;
        } catch (IllegalArgumentException e) {
            err.println("unusable input: " + e.getMessage());
            return UNUSABLE_INPUT;
        }
    }

    /**
     * Checks a proof document against a tree head document with the given public key.
     *
     * @param oldTreeHeadJson for a consistency proof, the earlier tree head; when null, the one embedded in the
     *     proof ({@code fromTreeHead}) is used, and its signature is checked like any other
     * @throws IllegalArgumentException if an input is not what the audit API produces
     */
    public static Verdict verify(String treeHeadJson, String proofJson, String publicKeyPem, String oldTreeHeadJson) {
        PublicKey key = Pem.decodeEd25519(publicKeyPem);
        SignedTreeHead head = WireFormat.treeHead(Json.parseObject(treeHeadJson));
        if (!head.verifies(key)) {
            return Verdict.invalid("the tree head's signature does not verify with this public key");
        }
        Map<String, Object> proof = Json.parseObject(proofJson);
        return switch (WireFormat.text(proof, "type")) {
            case "inclusion" -> inclusion(head, proof);
            case "consistency" -> consistency(head, proof, key, oldTreeHeadJson);
            default -> throw new IllegalArgumentException("type: must be inclusion or consistency");
        };
    }

    private static Verdict inclusion(SignedTreeHead head, Map<String, Object> proof) {
        long treeSize = WireFormat.number(proof, "treeSize");
        long leafIndex = WireFormat.number(proof, "leafIndex");
        LogEntry entry = WireFormat.entry(WireFormat.object(proof, "entry"));
        if (treeSize != head.treeSize()) {
            return Verdict.invalid(
                    "the proof is for a tree of " + treeSize + " entries, the tree head for " + head.treeSize());
        }
        if (entry.seq() != leafIndex) {
            return Verdict.invalid("the entry's sequence number is not the proof's leaf index");
        }
        // The leaf hash comes from the entry's own fields, never from the proof's word for it.
        if (!ProofChecks.inclusion(
                leafIndex, treeSize, entry.leafHash(), WireFormat.hashes(proof, "auditPath"), head.rootHash())) {
            return Verdict.invalid("entry " + leafIndex + " with these fields is not in the tree this head signs");
        }
        return Verdict.valid("entry " + leafIndex + " (event " + entry.eventId() + ", " + entry.kind() + " "
                + entry.action() + (entry.outcome() == null ? "" : " " + entry.outcome()) + " at "
                + entry.occurredAt() + ") is in the log of " + head.treeSize() + " entries signed at "
                + Instant.ofEpochMilli(head.timestamp()));
    }

    private static Verdict consistency(
            SignedTreeHead head, Map<String, Object> proof, PublicKey key, String oldTreeHeadJson) {
        long fromSize = WireFormat.number(proof, "fromSize");
        long toSize = WireFormat.number(proof, "toSize");
        Map<String, Object> embedded = WireFormat.optionalObject(proof, "fromTreeHead");
        if (oldTreeHeadJson == null && embedded == null) {
            throw new IllegalArgumentException("no tree head was signed at size " + fromSize
                    + "; pass the earlier signed tree head you hold as the fourth argument");
        }
        SignedTreeHead old =
                WireFormat.treeHead(oldTreeHeadJson == null ? embedded : Json.parseObject(oldTreeHeadJson));
        if (!old.verifies(key)) {
            return Verdict.invalid("the earlier tree head's signature does not verify with this public key");
        }
        if (toSize != head.treeSize() || fromSize != old.treeSize()) {
            return Verdict.invalid("the proof is from size " + fromSize + " to " + toSize + ", the tree heads are "
                    + old.treeSize() + " and " + head.treeSize());
        }
        if (!ProofChecks.consistency(
                fromSize, toSize, old.rootHash(), head.rootHash(), WireFormat.hashes(proof, "proof"))) {
            return Verdict.invalid("the tree of " + toSize + " entries does not extend the tree of " + fromSize);
        }
        return Verdict.valid("the log of " + toSize + " entries (signed at " + Instant.ofEpochMilli(head.timestamp())
                + ") only appended to the log of " + fromSize + " entries (signed at "
                + Instant.ofEpochMilli(old.timestamp()) + ")");
    }

    private static String read(String file) throws IOException {
        Path path = Path.of(file);
        if (Files.size(path) > Json.MAX_CHARS) {
            throw new IllegalArgumentException(file + " is larger than " + Json.MAX_CHARS + " bytes");
        }
        return Files.readString(path, StandardCharsets.UTF_8);
    }
}
