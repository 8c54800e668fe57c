package io.phylax.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/** Argument grids for the parameterized attacks. */
final class Grid {

    private Grid() {}

    /** Every ordered pair of two different names: (attacker, victim). */
    static Stream<Arguments> distinctPairs(List<String> names) {
        List<Arguments> pairs = new ArrayList<>();
        for (String attacker : names) {
            for (String victim : names) {
                if (!victim.equals(attacker)) {
                    pairs.add(Arguments.of(attacker, victim));
                }
            }
        }
        return pairs.stream();
    }
}
