package io.phylax.reporting.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Brute force against an attacker who knows the algorithm: for every table of a small shape, the tables that
 * publish exactly the same outcome must disagree on every suppressed number, so that no suppressed value is
 * determined by what was published.
 */
class SuppressionPropertyTest {

    /**
     * Enumerates every table of the shape with counts 0..threshold+1 (so each class of count, zero, small and
     * large, has at least two values in range) and groups the tables by outcome. Within one outcome every
     * suppressed cell, and a suppressed total, must take at least two different values.
     */
    @ParameterizedTest(name = "shape {0}, threshold {1}")
    @CsvSource({
        "1, 3",
        "2, 3",
        "3, 3",
        "4, 3",
        "5, 3",
        "6, 3",
        "2, 4",
        "3, 4",
        "4, 4",
        "5, 4",
        "2x2, 3",
        "2x3, 3",
        "3x2, 3",
        "2x2, 4",
        "2x3, 4",
        "2x2x2, 3"
    })
    void noSuppressedValueIsDeterminedByTheOutcome(String shape, int threshold) {
        Suppression suppression = new Suppression(threshold);
        List<List<Integer>> coordinates = coordinates(shape);
        int cells = coordinates.size();
        long maxCount = threshold + 1L;
        Map<Suppression.Outcome, Candidates> byOutcome = new HashMap<>();

        forEachTable(cells, maxCount, counts -> {
            Suppression.Outcome outcome = suppression.apply(table(coordinates, counts));
            byOutcome.computeIfAbsent(outcome, o -> new Candidates(cells)).add(counts);
        });

        assertThat(byOutcome).isNotEmpty();
        byOutcome.forEach((outcome, candidates) -> {
            for (int i = 0; i < cells; i++) {
                if (outcome.cells().get(i) instanceof Count.Suppressed) {
                    assertThat(candidates.cellVaries(i))
                            .as("cell %d of outcome %s has a single possible value", i, outcome)
                            .isTrue();
                }
            }
            if (outcome.total() instanceof Count.Suppressed) {
                assertThat(candidates.totalVaries())
                        .as("the total of outcome %s has a single possible value", outcome)
                        .isTrue();
            }
        });
    }

    /**
     * The rule the brief states, on larger random tables skewed towards small counts: every line (whose sum a
     * coarser report over the same days publishes) holds no suppressed cell or at least two, unless all its
     * other cells are 0, and the total is never shown beside a suppressed cell.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
    void everyLineHoldsNoneOrAtLeastTwoSuppressedCells(long seed) {
        Random random = new Random(seed);
        Suppression suppression = new Suppression(11);
        for (String shape : List.of("12", "7x5", "4x13", "31x5", "3x4x6", "5x3x6")) {
            List<List<Integer>> coordinates = coordinates(shape);
            for (int round = 0; round < 200; round++) {
                long[] counts = new long[coordinates.size()];
                for (int i = 0; i < counts.length; i++) {
                    // A third zeros, a third small, a third large: lone small cells are common.
                    counts[i] = switch (random.nextInt(3)) {
                        case 0 -> 0;
                        case 1 -> 1 + random.nextInt(10);
                        default -> 11 + random.nextInt(40);
                    };
                }
                Suppression.Outcome outcome = suppression.apply(table(coordinates, counts));
                checkLines(coordinates, counts, outcome);
            }
        }
    }

    private static void checkLines(List<List<Integer>> coordinates, long[] counts, Suppression.Outcome outcome) {
        int dimensions = coordinates.getFirst().size();
        boolean anySuppressed = false;
        for (int i = 0; i < counts.length; i++) {
            Count count = outcome.cells().get(i);
            if (count instanceof Count.Shown shown) {
                assertThat(shown.value()).isEqualTo(counts[i]);
                assertThat(counts[i] == 0 || counts[i] >= 11).isTrue();
            } else {
                assertThat(counts[i]).as("zero stays 0").isPositive();
                anySuppressed = true;
            }
        }
        assertThat(outcome.total() instanceof Count.Suppressed).isEqualTo(anySuppressed);
        for (int d = 0; d < dimensions; d++) {
            Map<List<Integer>, List<Integer>> lines = new LinkedHashMap<>();
            for (int i = 0; i < counts.length; i++) {
                List<Integer> rest = new ArrayList<>(coordinates.get(i));
                rest.remove(d);
                lines.computeIfAbsent(rest, k -> new ArrayList<>()).add(i);
            }
            for (List<Integer> line : lines.values()) {
                List<Integer> suppressed = line.stream()
                        .filter(i -> outcome.cells().get(i) instanceof Count.Suppressed)
                        .toList();
                if (suppressed.size() == 1) {
                    assertThat(line.stream()
                                    .filter(i -> !suppressed.contains(i))
                                    .mapToLong(i -> counts[i]))
                            .as("a line with one suppressed cell has nothing else to hide it behind")
                            .containsOnly(0L);
                }
            }
        }
    }

    /** What the tables behind one outcome have in common: whether each cell, and the total, varies. */
    private static final class Candidates {
        private final long[] first;
        private final boolean[] varies;
        private long firstTotal = -1;
        private boolean totalVaries;

        Candidates(int cells) {
            first = new long[cells];
            varies = new boolean[cells];
            java.util.Arrays.fill(first, -1);
        }

        void add(long[] counts) {
            long total = 0;
            for (int i = 0; i < counts.length; i++) {
                if (first[i] < 0) {
                    first[i] = counts[i];
                } else if (first[i] != counts[i]) {
                    varies[i] = true;
                }
                total += counts[i];
            }
            if (firstTotal < 0) {
                firstTotal = total;
            } else if (firstTotal != total) {
                totalVaries = true;
            }
        }

        boolean cellVaries(int cell) {
            return varies[cell];
        }

        boolean totalVaries() {
            return totalVaries;
        }
    }

    /** Every combination of counts 0..max over the cells. */
    private static void forEachTable(int cells, long max, Consumer<long[]> action) {
        long[] counts = new long[cells];
        while (true) {
            action.accept(counts.clone());
            int i = 0;
            while (i < cells && counts[i] == max) {
                counts[i] = 0;
                i++;
            }
            if (i == cells) {
                return;
            }
            counts[i]++;
        }
    }

    /** The cells of a shape such as {@code 3} or {@code 2x3x4}, in row-major order. */
    private static List<List<Integer>> coordinates(String shape) {
        List<List<Integer>> cells = new ArrayList<>();
        cells.add(List.of());
        for (String size : shape.split("x")) {
            List<List<Integer>> next = new ArrayList<>();
            for (List<Integer> prefix : cells) {
                for (int v = 0; v < Integer.parseInt(size); v++) {
                    List<Integer> cell = new ArrayList<>(prefix);
                    cell.add(v);
                    next.add(List.copyOf(cell));
                }
            }
            cells = next;
        }
        return cells;
    }

    private static List<Suppression.Cell> table(List<List<Integer>> coordinates, long[] counts) {
        List<Suppression.Cell> cells = new ArrayList<>(counts.length);
        for (int i = 0; i < counts.length; i++) {
            cells.add(new Suppression.Cell(coordinates.get(i), counts[i]));
        }
        return cells;
    }
}
