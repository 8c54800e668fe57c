package io.phylax.bench;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** The two Patients the write and read points run with, and how their series are named apart. */
enum BenchPatient {
    /** The synthetic Patient of issue 9's points, without an Idempotency-Key. */
    SMALL("small", "", SyntheticPatients::patient, false),
    /** The clinic Patient of issue 15, each request with an Idempotency-Key of its own. */
    CLINIC("clinic", "-clinic", SyntheticPatients::clinicPatient, true);

    private final String label;
    private final String suffix;
    private final Supplier<String> body;
    private final boolean idempotent;

    BenchPatient(String label, String suffix, Supplier<String> body, boolean idempotent) {
        this.label = label;
        this.suffix = suffix;
        this.body = body;
        this.idempotent = idempotent;
    }

    /** {@code small} or {@code clinic}: the results' {@code patient} field and the name of its BENCH_PHASES phase. */
    String label() {
        return label;
    }

    /** A series of this Patient: {@code vault-write} for the small one, {@code vault-write-clinic} for the clinic's. */
    String series(String base) {
        return base + suffix;
    }

    String json() {
        return body.get();
    }

    /** A fresh Idempotency-Key for one request, or null for a Patient sent without one. */
    String idempotencyKey() {
        return idempotent ? SyntheticPatients.idempotencyKey() : null;
    }

    /** What the plot calls it, e.g. {@code clinic Patient, 928 B} (the body's size; every body is as long). */
    String sized() {
        return label + " Patient, " + json().getBytes(StandardCharsets.UTF_8).length + " B";
    }

    /** What the console and the results call it, e.g. {@code clinic Patient, 928 B, Idempotency-Key}. */
    String describe() {
        return sized() + (idempotent ? ", Idempotency-Key" : "");
    }

    /** The Patient a series ran with. */
    static BenchPatient of(String series) {
        return series.endsWith(CLINIC.suffix) ? CLINIC : SMALL;
    }
}
