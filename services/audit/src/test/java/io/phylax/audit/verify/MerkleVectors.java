package io.phylax.audit.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.phylax.audit.domain.MerkleTree;
import io.phylax.audit.domain.NodeId;

/**
 * The RFC 6962 reference vectors (src/test/resources/rfc6962-merkle-vectors.json, a copy of the shared test data)
 * and a reference MTH written straight from the RFC's recursive definition, to check the tree against.
 */
public final class MerkleVectors {

    private static final JsonNode VECTORS = load();

    private MerkleVectors() {}

    /** The leaf inputs, in order. */
    public static List<byte[]> leaves() {
        List<byte[]> leaves = new ArrayList<>();
        VECTORS.get("leafInputsHex").forEach(hex -> leaves.add(HexFormat.of().parseHex(hex.asText())));
        return leaves;
    }

    /** The published root of the tree of the first {@code size} leaves. */
    public static byte[] root(int size) {
        return HexFormat.of()
                .parseHex(VECTORS.get("rootHashByTreeSize")
                        .get(Integer.toString(size))
                        .asText());
    }

    public static int maxSize() {
        return VECTORS.get("rootHashByTreeSize").size() - 1;
    }

    /** MTH(D[start:end]) by RFC 6962 §2.1, recursively, from leaf data. */
    public static byte[] mth(List<byte[]> data, int start, int end) {
        int n = end - start;
        if (n == 0) {
            return Rfc6962.emptyRoot();
        }
        if (n == 1) {
            return Rfc6962.leafHash(data.get(start));
        }
        int k = Integer.highestOneBit(n - 1);
        return Rfc6962.nodeHash(mth(data, start, start + k), mth(data, start + k, end));
    }

    /** A tree over {@code data} whose nodes are computed on demand by the reference MTH. */
    public static MerkleTree treeOver(List<byte[]> data) {
        return new MerkleTree((NodeId node) -> {
            long first = node.firstLeaf();
            long last = first + (1L << node.level());
            if (last > data.size()) {
                throw new IllegalStateException("node beyond the data");
            }
            return mth(data, (int) first, (int) last);
        });
    }

    private static JsonNode load() {
        try (InputStream in = MerkleVectors.class.getResourceAsStream("/rfc6962-merkle-vectors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
