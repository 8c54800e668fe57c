package io.phylax.vault.domain;

/** The subject was erased (its data key destroyed): nothing of it can be read or changed any more. */
public class SubjectErasedException extends RuntimeException {

    public SubjectErasedException() {
        super("the subject was erased");
    }
}
