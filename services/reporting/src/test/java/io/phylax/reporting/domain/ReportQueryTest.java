package io.phylax.reporting.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing and checking the parameters of an activity report. */
class ReportQueryTest {

    static final String DEFAULT_FROM = "2150-03-01";
    static final String DEFAULT_TO = "2150-03-31";

    @Test
    void readsDatesAndDimensionsInTheOrderGiven() {
        ReportQuery query = ReportQuery.parse(DEFAULT_FROM, DEFAULT_TO, List.of("recordType, day", "eventType"));

        assertThat(query.from()).isEqualTo(LocalDate.of(2150, 3, 1));
        assertThat(query.to()).isEqualTo(LocalDate.of(2150, 3, 31));
        assertThat(query.days()).isEqualTo(31);
        assertThat(query.groupBy()).containsExactly(Dimension.RECORD_TYPE, Dimension.DAY, Dimension.EVENT_TYPE);
    }

    @Test
    void noGroupByAsksForTheTotalOnly() {
        assertThat(ReportQuery.parse(DEFAULT_FROM, DEFAULT_TO, List.of()).groupBy())
                .isEmpty();
        assertThat(ReportQuery.parse(DEFAULT_FROM, DEFAULT_TO, null).groupBy()).isEmpty();
        assertThat(ReportQuery.parse(DEFAULT_FROM, DEFAULT_TO, List.of("")).groupBy())
                .isEmpty();
    }

    @Test
    void acceptsAWholeLeapYearAndASingleDay() {
        assertThat(ReportQuery.parse("2152-01-01", "2152-12-31", List.of()).days())
                .isEqualTo(366);
        assertThat(ReportQuery.parse(DEFAULT_FROM, DEFAULT_FROM, List.of()).days())
                .isEqualTo(1);
    }

    @ParameterizedTest(name = "from={0} to={1} groupBy={2} -> {3}")
    @CsvSource(
            nullValues = "NULL",
            value = {
                "NULL,       2150-03-31, day,                 from",
                "2150-03-01, NULL,       day,                 to",
                "'',         2150-03-31, day,                 from",
                "2150-3-1,   2150-03-31, day,                 from",
                "2150-02-30, 2150-03-31, day,                 from",
                "+2150-03-01,2150-03-31, day,                 from",
                "0000-12-31, 2150-03-31, day,                 from",
                "2150-03-01, 21500331,   day,                 to",
                "2150-03-01, 2150-03-01T00:00:00Z, day,       to",
                "2150-03-02, 2150-03-01, day,                 to",
                "2150-01-01, 2151-01-02, day,                 to",
                "2150-03-01, 2150-03-31, week,                groupBy",
                "2150-03-01, 2150-03-31, 'day,',              groupBy",
                "2150-03-01, 2150-03-31, 'day,Day',           groupBy",
                "2150-03-01, 2150-03-31, 'day,eventType,day', groupBy"
            })
    void refusesABadParameterNamingIt(String from, String to, String groupBy, String parameter) {
        assertThatThrownBy(() -> ReportQuery.parse(from, to, List.of(groupBy)))
                .isInstanceOfSatisfying(
                        InvalidQueryException.class,
                        e -> assertThat(e.parameter()).isEqualTo(parameter));
    }

    @Test
    void theReasonNeverRepeatsTheValue() {
        assertThatThrownBy(() -> ReportQuery.parse(DEFAULT_FROM, DEFAULT_TO, List.of("canary-x9")))
                .hasMessageNotContaining("canary-x9");
        assertThatThrownBy(() -> ReportQuery.parse("canary-x9", DEFAULT_TO, List.of()))
                .hasMessageNotContaining("canary-x9");
    }
}
