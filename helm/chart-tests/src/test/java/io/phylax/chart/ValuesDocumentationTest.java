package io.phylax.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Every value the chart takes is documented above itself (Bitnami's "## @param key Description"). */
class ValuesDocumentationTest {

    private static final Pattern PARAM = Pattern.compile("^\\s*## @param (\\S+) \\S.*$", Pattern.MULTILINE);

    @Test
    void everyValueHasAParamLineAndEveryParamLineAValue() throws IOException {
        Path values = RenderedChart.CHART_DIR.resolve("values.yaml");
        String text = Files.readString(values);
        TreeSet<String> documented = new TreeSet<>();
        Matcher params = PARAM.matcher(text);
        while (params.find()) {
            documented.add(params.group(1));
        }
        TreeSet<String> keys = new TreeSet<>();
        leaves("", new ObjectMapper(new YAMLFactory()).readTree(text), documented, keys);

        assertThat(documented).containsExactlyElementsOf(keys);
    }

    /**
     * Leaf keys: scalars, lists, empty maps ({} is a value in itself, e.g. commonLabels), and free-form maps
     * documented as a whole (metrics.dashboard.labels).
     */
    private static void leaves(String path, JsonNode node, TreeSet<String> documented, TreeSet<String> keys) {
        if (!node.isObject() || node.isEmpty() || documented.contains(path)) {
            keys.add(path);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            leaves(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), documented, keys);
        }
    }
}
