package io.phylax.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The verifier's own JSON reader: reads what the API writes, refuses what is not JSON. */
class JsonTest {

    @Test
    void readsObjectsArraysStringsNumbersAndLiterals() {
        Map<String, Object> json =
                Json.parseObject("{\"a\":[1,-2.5e3,\"x\\u0041\\n\"],\"b\":{\"c\":null},\"d\":true,\"e\":false}");
        assertThat(json.get("a")).isEqualTo(List.of(new BigDecimal("1"), new BigDecimal("-2.5e3"), "xA\n"));
        assertThat(json.get("b")).isEqualTo(Collections.singletonMap("c", null));
        assertThat(json.get("d")).isEqualTo(Boolean.TRUE);
        assertThat(json.get("e")).isEqualTo(Boolean.FALSE);
    }

    @Test
    void refusesWhatIsNotOneJsonDocument() {
        for (String bad : List.of(
                "", "{", "{\"a\":1,}", "{\"a\":1}{}", "{\"a\":1,\"a\":2}", "[01]", "{'a':1}", "\"\u0001\"", "nul")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesDeepNesting() {
        assertThatThrownBy(() -> Json.parse("[".repeat(100) + "]".repeat(100)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
