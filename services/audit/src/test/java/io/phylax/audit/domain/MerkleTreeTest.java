package io.phylax.audit.domain;

import static io.phylax.audit.verify.MerkleVectors.leaves;
import static io.phylax.audit.verify.MerkleVectors.maxSize;
import static io.phylax.audit.verify.MerkleVectors.mth;
import static io.phylax.audit.verify.MerkleVectors.root;
import static io.phylax.audit.verify.MerkleVectors.treeOver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.phylax.audit.verify.CompactRange;
import io.phylax.audit.verify.Rfc6962;

/** Roots and proofs of the log's tree against the RFC 6962 reference vectors and the RFC's own examples. */
class MerkleTreeTest {

    private final List<byte[]> data = leaves();

    @Test
    void rootsMatchTheReferenceVectorsForEverySize() {
        assertThat(maxSize()).isEqualTo(8);
        for (int size = 0; size <= maxSize(); size++) {
            assertThat(treeOver(data).root(size)).as("root of %d leaves", size).isEqualTo(root(size));
        }
    }

    @Test
    void compactRangeReachesTheReferenceRootAfterEveryAppend() {
        CompactRange range = new CompactRange();
        assertThat(range.root()).isEqualTo(root(0));
        for (int size = 1; size <= maxSize(); size++) {
            range.append(Rfc6962.leafHash(data.get(size - 1)));
            assertThat(range.root()).as("root of %d leaves", size).isEqualTo(root(size));
        }
    }

    @Test
    void compactRangeResumedFromAStoredEdgeGoesOnLikeTheOriginal() {
        List<CompactRange.Node> completed = new ArrayList<>();
        CompactRange first = new CompactRange(completed::add);
        for (int i = 0; i < 5; i++) {
            first.append(Rfc6962.leafHash(data.get(i)));
        }
        List<CompactRange.Node> edge = CompactRange.edgeOf(5).stream()
                .map(n -> new CompactRange.Node(n.level(), n.index(), mth(data, (int) (n.index() << n.level()), (int)
                        ((n.index() + 1) << n.level()))))
                .toList();
        CompactRange resumed = CompactRange.resume(5, edge, node -> {});
        for (int i = 5; i < 8; i++) {
            resumed.append(Rfc6962.leafHash(data.get(i)));
        }
        assertThat(resumed.root()).isEqualTo(root(8));
        // Perfect subtrees completed while appending 5 leaves: [0,2), [2,4), [0,4).
        assertThat(completed).extracting(n -> n.level() + ":" + n.index()).containsExactly("1:0", "1:1", "2:0");
        assertThatThrownBy(() -> CompactRange.resume(6, edge, node -> {})).isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 6962 §2.1.3: the audit paths of the seven-leaf example tree. */
    @Test
    void auditPathsAreTheOnesTheRfcExampleNames() {
        MerkleTree tree = treeOver(data);
        assertThat(tree.inclusionProof(0, 7)).containsExactly(b(), h(), l());
        assertThat(tree.inclusionProof(3, 7)).containsExactly(c(), g(), l());
        assertThat(tree.inclusionProof(4, 7)).containsExactly(f(), j(), k());
        assertThat(tree.inclusionProof(6, 7)).containsExactly(i(), k());
    }

    /** RFC 6962 §2.1.3: the consistency proofs of the seven-leaf example tree. */
    @Test
    void consistencyProofsAreTheOnesTheRfcExampleNames() {
        MerkleTree tree = treeOver(data);
        assertThat(tree.consistencyProof(3, 7)).containsExactly(c(), d(), g(), l());
        assertThat(tree.consistencyProof(4, 7)).containsExactly(l());
        assertThat(tree.consistencyProof(6, 7)).containsExactly(i(), j(), k());
        assertThat(tree.consistencyProof(7, 7)).isEmpty();
    }

    @Test
    void rootsOfLargerTreesMatchTheRecursiveDefinition() {
        Random random = new Random(6962);
        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            byte[] leaf = new byte[random.nextInt(40)];
            random.nextBytes(leaf);
            many.add(leaf);
        }
        CompactRange range = new CompactRange();
        for (int size = 1; size <= many.size(); size++) {
            range.append(Rfc6962.leafHash(many.get(size - 1)));
            assertThat(range.root()).isEqualTo(mth(many, 0, size));
            assertThat(treeOver(many).root(size)).isEqualTo(mth(many, 0, size));
        }
    }

    @Test
    void refusesProofsOutsideTheTree() {
        MerkleTree tree = treeOver(data);
        assertThatThrownBy(() -> tree.inclusionProof(7, 7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.consistencyProof(0, 7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.consistencyProof(8, 7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesExactlyTheStoredNodesAProofReads() {
        // PATH(3, D[7]) reads c (leaf 2), g (level 1, index 0) and l = [4,6) + [6,7).
        assertThat(MerkleTree.nodesFor(tree -> tree.inclusionProof(3, 7)))
                .containsExactlyInAnyOrder(new NodeId(0, 2), new NodeId(1, 0), new NodeId(1, 2), new NodeId(0, 6));
    }

    // The named nodes of RFC 6962's seven-leaf example: a..f and d6 are leaves, g..l subtrees.
    private byte[] b() {
        return mth(data, 1, 2);
    }

    private byte[] c() {
        return mth(data, 2, 3);
    }

    private byte[] d() {
        return mth(data, 3, 4);
    }

    private byte[] f() {
        return mth(data, 5, 6);
    }

    private byte[] g() {
        return mth(data, 0, 2);
    }

    private byte[] h() {
        return mth(data, 2, 4);
    }

    private byte[] i() {
        return mth(data, 4, 6);
    }

    private byte[] j() {
        return mth(data, 6, 7);
    }

    private byte[] k() {
        return mth(data, 0, 4);
    }

    private byte[] l() {
        return mth(data, 4, 7);
    }
}
