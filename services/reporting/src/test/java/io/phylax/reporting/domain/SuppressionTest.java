package io.phylax.reporting.domain;

import static io.phylax.reporting.domain.Count.SUPPRESSED;
import static io.phylax.reporting.domain.Count.shown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Small-cell suppression on tables small enough to read: what is shown, what is withheld and why. */
class SuppressionTest {

    static final int DEFAULT_THRESHOLD = 11;

    private final Suppression suppression = new Suppression(DEFAULT_THRESHOLD);

    @Test
    void showsEverythingWhenNoCountIsSmall() {
        Suppression.Outcome outcome = suppression.apply(row(11, 0, 250));

        assertThat(outcome.cells()).containsExactly(shown(11), shown(0), shown(250));
        assertThat(outcome.total()).isEqualTo(shown(261));
    }

    @Test
    void suppressesOneToThresholdMinusOneAndShowsZeroAndTheThreshold() {
        Suppression.Outcome outcome = suppression.apply(row(0, 1, 10, 11, 12));

        assertThat(outcome.cells()).containsExactly(shown(0), SUPPRESSED, SUPPRESSED, shown(11), shown(12));
    }

    @Test
    void suppressesTheTotalWhenAnyCellIsSuppressed() {
        // Two suppressed cells and a total of 202 would say they add up to 2: both would be 1.
        Suppression.Outcome outcome = suppression.apply(row(1, 1, 200));

        assertThat(outcome.cells()).containsExactly(SUPPRESSED, SUPPRESSED, shown(200));
        assertThat(outcome.total()).isEqualTo(SUPPRESSED);
    }

    @Test
    void aLoneSmallCellTakesTheFirstShownNonZeroCellWithItNotTheSmallest() {
        // The total of these days is one request away; with only the 3 hidden, total - 15 - 12 would be 3.
        // The second cell is chosen by position: choosing the smallest (12) would tell it is at most 15.
        Suppression.Outcome outcome = suppression.apply(row(0, 15, 3, 12));

        assertThat(outcome.cells()).containsExactly(shown(0), SUPPRESSED, SUPPRESSED, shown(12));
        assertThat(outcome.total()).isEqualTo(SUPPRESSED);
    }

    @Test
    void neverSuppressesAZeroToProtectALoneCell() {
        Suppression.Outcome outcome = suppression.apply(row(0, 4, 0));

        assertThat(outcome.cells()).containsExactly(shown(0), SUPPRESSED, shown(0));
        assertThat(outcome.total()).isEqualTo(SUPPRESSED);
    }

    @Test
    void protectsEveryRowAndColumnOfATwoDimensionalTable() {
        // days × types; the 3 is alone in its day and in its type until complements are added.
        List<Suppression.Cell> table = grid(new long[][] {
            {20, 3, 30},
            {25, 40, 50}
        });

        Suppression.Outcome outcome = suppression.apply(table);

        // The cheapest protection that holds in every line is the 2 × 2 block around the 3.
        assertThat(outcome.cells())
                .containsExactly(SUPPRESSED, SUPPRESSED, shown(30), SUPPRESSED, SUPPRESSED, shown(50));
    }

    @Test
    void prefersAComplementWhoseOtherLinesCanBeProtectedToo() {
        // Protecting the 3 in its row: the 20 is alone in its column, so hiding it would leave that column's
        // sum (from a report by type) equal to it. The 30 has a neighbour in its column, so it is taken.
        List<Suppression.Cell> table = grid(new long[][] {
            {20, 3, 30},
            {0, 40, 50}
        });

        Suppression.Outcome outcome = suppression.apply(table);

        assertThat(outcome.cells())
                .containsExactly(shown(20), SUPPRESSED, SUPPRESSED, shown(0), SUPPRESSED, SUPPRESSED);
    }

    @Test
    void aSingleCellTableIsItsOwnTotal() {
        assertThat(suppression.apply(List.of(new Suppression.Cell(List.of(), 7))))
                .isEqualTo(new Suppression.Outcome(List.of(SUPPRESSED), SUPPRESSED));
        assertThat(suppression.apply(List.of(new Suppression.Cell(List.of(), 70))))
                .isEqualTo(new Suppression.Outcome(List.of(shown(70)), shown(70)));
    }

    @Test
    void refusesAThresholdThatWouldRevealTheValueItHides() {
        // With 2, "suppressed" would mean exactly 1, since 0 is shown.
        assertThatIllegalArgumentException().isThrownBy(() -> new Suppression(2));
        assertThat(new Suppression(Suppression.MINIMUM_THRESHOLD).threshold()).isEqualTo(3);
    }

    @Test
    void refusesCellsOfDifferentDimensions() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> suppression.apply(
                        List.of(new Suppression.Cell(List.of("a"), 1), new Suppression.Cell(List.of("a", "b"), 1))));
    }

    static List<Suppression.Cell> row(long... counts) {
        List<Suppression.Cell> cells = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            cells.add(new Suppression.Cell(List.of(i), counts[i]));
        }
        return cells;
    }

    static List<Suppression.Cell> grid(long[][] counts) {
        List<Suppression.Cell> cells = new ArrayList<>();
        for (int r = 0; r < counts.length; r++) {
            for (int c = 0; c < counts[r].length; c++) {
                cells.add(new Suppression.Cell(List.of(r, c), counts[r][c]));
            }
        }
        return cells;
    }
}
