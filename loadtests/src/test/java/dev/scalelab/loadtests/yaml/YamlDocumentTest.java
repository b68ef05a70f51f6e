package dev.scalelab.loadtests.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlDocumentTest {

    @Test
    void typed_values_are_read_with_their_defaults() {
        YamlDocument doc = YamlDocument.parse("a.yaml", "rate: 2.5\ncount: 3\non: TRUE\nname: ' shop '\n");
        YamlMap m = doc.root().map("the file", Set.of("rate", "count", "on", "name", "missing"));
        assertThat(m.number("rate", 0, 0, 10)).isEqualTo(2.5);
        assertThat(m.whole("count", 0, 0, 10)).isEqualTo(3);
        assertThat(m.flag("on", false)).isTrue();
        assertThat(m.text("name", "x")).isEqualTo("shop");
        assertThat(m.number("missing", 7, 0, 10)).isEqualTo(7);
        assertThat(doc.hasProblems()).isFalse();
        doc.failIfAny();
    }

    @Test
    void every_problem_is_listed_at_once_with_line_and_column() {
        YamlDocument doc = YamlDocument.parse("w.yaml", """
                rate:
                count: 2.5
                share: .nan
                limit: Infinity
                colour: blue
                size: [1, 2]
                name: ~
                """);
        YamlMap m = doc.root().map("'load'", Set.of("rate", "count", "share", "limit", "size", "name"));
        m.number("rate", 1, 0, 10);
        m.whole("count", 1, 0, 10);
        m.number("share", 1, 0, 1);
        m.number("limit", 1, 0, 1);
        m.number("size", 1, 0, 1);
        m.text("name", "x");
        assertThatThrownBy(doc::failIfAny).isInstanceOf(YamlFileException.class).hasMessage(String.join("\n",
                "w.yaml:5:1: unknown key 'colour' in 'load' (valid: count, limit, name, rate, share, size)",
                "w.yaml:1:6: 'rate' must be a number (found none)",
                "w.yaml:2:8: 'count' must be a whole number (was '2.5')",
                "w.yaml:3:8: 'share' must be a number (was '.nan')",
                "w.yaml:4:8: 'limit' must be a finite number (was 'Infinity')",
                "w.yaml:6:7: 'size' must be a number, not a list",
                "w.yaml:7:7: 'name' needs a value (found none)"));
        assertThat(((YamlFileException) catchFail(doc)).problems()).hasSize(7);
    }

    @Test
    void a_key_given_twice_a_value_out_of_range_and_a_bad_choice_are_named() {
        YamlDocument doc = YamlDocument.parse("d.yaml", "a: 1\na: 2\nb: 11\nc: often\nd: maybe\n");
        YamlMap m = doc.root().map("'x'", null);
        m.whole("b", 0, 0, 10);
        m.value("c").oneOf("c", List.of("random", "circular"));
        m.flag("d", false);
        assertThat(doc.problems()).containsExactly(
                "d.yaml:2:1: 'a' appears twice in 'x'",
                "d.yaml:3:4: 'b' must be between 0 and 10 (was 11)",
                "d.yaml:4:4: 'c' must be one of random, circular (was 'often')",
                "d.yaml:5:4: 'd' must be true or false (was 'maybe')");
    }

    @Test
    void a_list_where_a_mapping_belongs_and_broken_yaml_are_reported() {
        YamlDocument doc = YamlDocument.parse("l.yaml", "- a\n- b\n");
        assertThat(doc.root().map("the workload", Set.of()).entries()).isEmpty();
        assertThat(doc.problems()).containsExactly("l.yaml:1:1: the workload must be a mapping of 'key: value' lines");
        assertThatThrownBy(() -> YamlDocument.parse("b.yaml", "a: {b: 1\n"))
                .isInstanceOf(YamlFileException.class).hasMessageStartingWith("b.yaml:2:1: not valid YAML: ");
        assertThatThrownBy(() -> YamlDocument.parse("e.yaml", "# nothing\n")).hasMessage("e.yaml: the file is empty");
    }

    @Test
    void a_missing_file_is_one_line(@TempDir Path dir) {
        Path file = dir.resolve("none.yaml");
        assertThatThrownBy(() -> YamlDocument.read(file)).hasMessage(file + ": no such file");
    }

    private static Throwable catchFail(YamlDocument doc) {
        try {
            doc.failIfAny();
            return null;
        } catch (YamlFileException e) {
            return e;
        }
    }
}
