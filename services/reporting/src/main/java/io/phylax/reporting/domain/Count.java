package io.phylax.reporting.domain;

/** A number as the reports publish it: either shown, or suppressed so that its value is not given at all. */
public sealed interface Count permits Count.Shown, Count.Suppressed {

    /** The one suppressed value; it carries nothing, so nothing about the hidden count can leak through it. */
    Count SUPPRESSED = new Suppressed();

    static Count shown(long value) {
        return new Shown(value);
    }

    /** A published count. */
    record Shown(long value) implements Count {
        public Shown {
            if (value < 0) {
                throw new IllegalArgumentException("a count is never negative");
            }
        }
    }

    /** A count withheld by small-cell suppression. */
    record Suppressed() implements Count {}
}
