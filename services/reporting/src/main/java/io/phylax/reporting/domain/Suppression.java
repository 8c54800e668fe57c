package io.phylax.reporting.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small-cell suppression of one report table, so that no withheld count can be worked out from it (ADR 0030). */
public final class Suppression {

    /**
     * The smallest threshold that protects anything. Zero is shown, so a suppressed cell is known to be at
     * least 1; with a threshold of 2 "suppressed" would therefore mean exactly 1.
     */
    public static final int MINIMUM_THRESHOLD = 3;

    private final int threshold;

    /**
     * @param threshold counts from 1 to {@code threshold - 1} are suppressed; at least {@link #MINIMUM_THRESHOLD}
     */
    public Suppression(int threshold) {
        if (threshold < MINIMUM_THRESHOLD) {
            throw new IllegalArgumentException("the suppression threshold must be at least " + MINIMUM_THRESHOLD);
        }
        this.threshold = threshold;
    }

    public int threshold() {
        return threshold;
    }

    /**
     * One cell of a table.
     *
     * @param coordinates one value per dimension of the table, in the same order for every cell (null allowed)
     * @param count       the cell's count
     */
    public record Cell(List<?> coordinates, long count) {
        public Cell {
            if (count < 0) {
                throw new IllegalArgumentException("a count is never negative");
            }
            // Not List.copyOf: a coordinate may be null (the record type of subject events).
            coordinates = Collections.unmodifiableList(new ArrayList<>(coordinates));
        }
    }

    /**
     * The table as it may be published.
     *
     * @param cells one count per input cell, in input order
     * @param total the sum of all cells
     */
    public record Outcome(List<Count> cells, Count total) {}

    /**
     * Decides what of a table may be published. In three steps:
     *
     * <ol>
     *   <li><b>Primary.</b> Every count from 1 to {@code threshold - 1} is suppressed; 0 is shown.
     *   <li><b>Complementary, per line.</b> Cells that agree on every coordinate but one form a line (a row or
     *       a column of a two-dimensional table). The sum of a line is what a report over the same days without
     *       that dimension shows, so a line with exactly one suppressed cell would give that cell away by
     *       subtraction. Such a line gets a second suppressed cell: among its cells that are still shown and
     *       not 0, the first in table order whose own other lines can be protected in turn, else simply the
     *       first. Repeated until no line has exactly one suppressed cell, or the one left has no shown
     *       non-zero neighbour (then the line's sum is that cell alone, and the coarser report judges it by the
     *       same threshold).
     *   <li><b>Total.</b> The total is shown only when no cell is suppressed.
     * </ol>
     *
     * <p>Why nothing withheld can be derived from the outcome: the outcome publishes no sum that includes a
     * suppressed cell (step 3), so the only things known about a suppressed cell are its class and the
     * shown cells around it. Every choice in step 2 depends only on which cells are 0, which are below the
     * threshold and which are not, and on their order, never on how large a cell is. So any table that
     * differs only in the value of a primary cell within 1..threshold-1, or of a complementary cell within
     * threshold and above, yields exactly the same outcome: each suppressed cell keeps at least two possible
     * values (the threshold is at least 3). {@code SuppressionPropertyTest} checks this by brute force.
     *
     * <p>Why not the cheaper rules: a total shown next to two suppressed cells that sum to 2 shows both are 1;
     * and a complement chosen as the smallest shown cell is bounded above by its neighbours, which together
     * with the line's sum can pin the primary cell. Both are avoided here.
     */
    public Outcome apply(List<Cell> cells) {
        int n = cells.size();
        long[] counts = new long[n];
        boolean[] hidden = new boolean[n];
        long sum = 0;
        for (int i = 0; i < n; i++) {
            counts[i] = cells.get(i).count();
            hidden[i] = counts[i] > 0 && counts[i] < threshold;
            sum = Math.addExact(sum, counts[i]);
        }
        Lines lines = Lines.of(cells);
        protectLines(lines, counts, hidden);

        List<Count> published = new ArrayList<>(n);
        boolean anyHidden = false;
        for (int i = 0; i < n; i++) {
            published.add(hidden[i] ? Count.SUPPRESSED : Count.shown(counts[i]));
            anyHidden |= hidden[i];
        }
        return new Outcome(List.copyOf(published), anyHidden ? Count.SUPPRESSED : Count.shown(sum));
    }

    private static void protectLines(Lines lines, long[] counts, boolean[] hidden) {
        Deque<Integer> pending = new ArrayDeque<>();
        for (int line = 0; line < lines.size(); line++) {
            pending.add(line);
        }
        while (!pending.isEmpty()) {
            int line = pending.poll();
            if (hiddenIn(lines.cells(line), hidden) != 1) {
                continue;
            }
            int complement = chooseComplement(lines, line, counts, hidden);
            if (complement >= 0) {
                hidden[complement] = true;
                // The new suppressed cell may now be alone in its other lines.
                pending.addAll(lines.through(complement));
            }
        }
    }

    /** A shown, non-zero cell of the line, chosen by position and class only (see {@link #apply}); -1 if none. */
    private static int chooseComplement(Lines lines, int line, long[] counts, boolean[] hidden) {
        int first = -1;
        for (int cell : lines.cells(line)) {
            if (hidden[cell] || counts[cell] == 0) {
                continue;
            }
            if (first < 0) {
                first = cell;
            }
            if (protectable(lines, line, cell, counts, hidden)) {
                return cell;
            }
        }
        return first;
    }

    /** Whether each other line through {@code cell} could still get a second suppressed cell once it is hidden. */
    private static boolean protectable(Lines lines, int line, int cell, long[] counts, boolean[] hidden) {
        for (int other : lines.through(cell)) {
            if (other == line || hiddenIn(lines.cells(other), hidden) > 0) {
                continue;
            }
            boolean hasCandidate = false;
            for (int neighbour : lines.cells(other)) {
                if (neighbour != cell && !hidden[neighbour] && counts[neighbour] > 0) {
                    hasCandidate = true;
                    break;
                }
            }
            if (!hasCandidate) {
                return false;
            }
        }
        return true;
    }

    private static int hiddenIn(int[] line, boolean[] hidden) {
        int count = 0;
        for (int cell : line) {
            if (hidden[cell]) {
                count++;
            }
        }
        return count;
    }

    /** The lines of a table: for each dimension, the cells that share every other coordinate, in table order. */
    private record Lines(List<int[]> members, List<List<Integer>> byCell) {

        static Lines of(List<Cell> cells) {
            int dimensions =
                    cells.isEmpty() ? 0 : cells.getFirst().coordinates().size();
            List<int[]> members = new ArrayList<>();
            List<List<Integer>> byCell = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                if (cells.get(i).coordinates().size() != dimensions) {
                    throw new IllegalArgumentException("every cell needs one coordinate per dimension");
                }
                byCell.add(new ArrayList<>());
            }
            for (int d = 0; d < dimensions; d++) {
                Map<List<Object>, List<Integer>> lines = new LinkedHashMap<>();
                for (int i = 0; i < cells.size(); i++) {
                    List<Object> rest = new ArrayList<>(cells.get(i).coordinates());
                    rest.remove(d);
                    lines.computeIfAbsent(rest, k -> new ArrayList<>()).add(i);
                }
                for (List<Integer> line : lines.values()) {
                    int id = members.size();
                    members.add(line.stream().mapToInt(Integer::intValue).toArray());
                    line.forEach(cell -> byCell.get(cell).add(id));
                }
            }
            return new Lines(members, byCell);
        }

        int size() {
            return members.size();
        }

        int[] cells(int line) {
            return members.get(line);
        }

        List<Integer> through(int cell) {
            return byCell.get(cell);
        }
    }
}
