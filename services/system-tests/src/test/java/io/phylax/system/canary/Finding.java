package io.phylax.system.canary;

/**
 * One place where the sweep found a canary: where (file and line, topic and offset, table and column, call and
 * header) and a redacted excerpt. Neither ever holds the canary itself or the synthetic PHI around it.
 */
record Finding(String place, String what, String excerpt) {

    @Override
    public String toString() {
        return place + " — " + what + ": " + excerpt;
    }
}
