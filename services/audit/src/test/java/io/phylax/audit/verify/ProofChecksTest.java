package io.phylax.audit.verify;

import static io.phylax.audit.verify.MerkleVectors.leaves;
import static io.phylax.audit.verify.MerkleVectors.maxSize;
import static io.phylax.audit.verify.MerkleVectors.root;
import static io.phylax.audit.verify.MerkleVectors.treeOver;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.phylax.audit.domain.MerkleTree;

/** The RFC 9162 verification algorithms: proofs from the tree verify against the reference roots; altered ones fail. */
class ProofChecksTest {

    private final List<byte[]> data = leaves();
    private final MerkleTree tree = treeOver(data);

    @Test
    void everyInclusionProofVerifiesAgainstTheReferenceRoot() {
        for (int size = 1; size <= maxSize(); size++) {
            for (int leaf = 0; leaf < size; leaf++) {
                List<byte[]> path = tree.inclusionProof(leaf, size);
                assertThat(ProofChecks.inclusion(leaf, size, leafHash(leaf), path, root(size)))
                        .as("leaf %d of %d", leaf, size)
                        .isTrue();
            }
        }
    }

    @Test
    void anAlteredInclusionProofFails() {
        for (int size = 2; size <= maxSize(); size++) {
            for (int leaf = 0; leaf < size; leaf++) {
                List<byte[]> path = tree.inclusionProof(leaf, size);
                byte[] root = root(size);
                for (int i = 0; i < path.size(); i++) {
                    assertThat(ProofChecks.inclusion(leaf, size, leafHash(leaf), flipped(path, i), root))
                            .isFalse();
                }
                assertThat(ProofChecks.inclusion(leaf, size, leafHash((leaf + 1) % size), path, root))
                        .as("another leaf's hash")
                        .isFalse();
                assertThat(ProofChecks.inclusion((leaf + 1) % size, size, leafHash(leaf), path, root))
                        .as("another index")
                        .isFalse();
                assertThat(ProofChecks.inclusion(leaf, size, leafHash(leaf), path.subList(1, path.size()), root))
                        .as("a shortened path")
                        .isFalse();
                assertThat(ProofChecks.inclusion(leaf, size, leafHash(leaf), longer(path), root))
                        .as("a lengthened path")
                        .isFalse();
                assertThat(ProofChecks.inclusion(leaf, size, leafHash(leaf), path, root(size - 1)))
                        .as("another tree's root")
                        .isFalse();
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAgainstTheReferenceRoots() {
        for (int to = 1; to <= maxSize(); to++) {
            for (int from = 1; from <= to; from++) {
                List<byte[]> proof = tree.consistencyProof(from, to);
                assertThat(ProofChecks.consistency(from, to, root(from), root(to), proof))
                        .as("%d to %d", from, to)
                        .isTrue();
            }
        }
    }

    @Test
    void anAlteredConsistencyProofFails() {
        for (int to = 2; to <= maxSize(); to++) {
            for (int from = 1; from < to; from++) {
                List<byte[]> proof = tree.consistencyProof(from, to);
                for (int i = 0; i < proof.size(); i++) {
                    assertThat(ProofChecks.consistency(from, to, root(from), root(to), flipped(proof, i)))
                            .as("%d to %d, element %d altered", from, to, i)
                            .isFalse();
                }
                assertThat(ProofChecks.consistency(from, to, root(from), root(to), List.of()))
                        .isFalse();
                assertThat(ProofChecks.consistency(from, to, root(from), root(to), longer(proof)))
                        .isFalse();
                // A forked log: the later root does not extend this earlier one.
                byte[] forkedEarlier = Rfc6962.nodeHash(root(from), root(from));
                assertThat(ProofChecks.consistency(from, to, forkedEarlier, root(to), proof))
                        .isFalse();
            }
        }
    }

    @Test
    void refusesSizesThatCannotBeProven() {
        assertThat(ProofChecks.inclusion(0, 0, leafHash(0), List.of(), root(0))).isFalse();
        assertThat(ProofChecks.consistency(0, 3, root(0), root(3), List.of())).isFalse();
        assertThat(ProofChecks.consistency(3, 3, root(3), root(3), List.of())).isTrue();
        assertThat(ProofChecks.consistency(3, 3, root(3), root(4), List.of())).isFalse();
    }

    private byte[] leafHash(int index) {
        return Rfc6962.leafHash(data.get(index));
    }

    private static List<byte[]> flipped(List<byte[]> hashes, int index) {
        List<byte[]> copy = new ArrayList<>(hashes);
        byte[] altered = copy.get(index).clone();
        altered[0] ^= 1;
        copy.set(index, altered);
        return copy;
    }

    private static List<byte[]> longer(List<byte[]> hashes) {
        List<byte[]> copy = new ArrayList<>(hashes);
        copy.add(new byte[Rfc6962.HASH_BYTES]);
        return copy;
    }
}
