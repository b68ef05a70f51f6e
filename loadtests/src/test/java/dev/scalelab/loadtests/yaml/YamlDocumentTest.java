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

    @Test
    void a_file_nested_thousands_deep_is_refused_at_its_first_level_too_deep() {
        assertThatThrownBy(() -> YamlDocument.parse("deep.yaml", "steps: " + "[".repeat(10_000) + "]".repeat(10_000)))
                .hasMessage("deep.yaml:1:57: nested deeper than 50 levels of lists and mappings; a ladder or workload "
                        + "file needs a few");
        assertThatThrownBy(() -> YamlDocument.parse("deep.yaml", "a: " + "{b: ".repeat(5_000) + "1" + "}".repeat(5_000)))
                .hasMessageStartingWith("deep.yaml:1:").hasMessageContaining(": nested deeper than 50 levels");
    }

    @Test
    void an_alias_bomb_is_refused() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            String p = "*" + (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [").append(String.join(", ", java.util.Collections.nCopies(9, p)))
                    .append("]\n");
        }
        assertThatThrownBy(() -> YamlDocument.parse("bomb.yaml", bomb.toString())).hasMessage("bomb.yaml: more than 20 "
                + "aliases (*name) to lists or mappings; write the repeated parts out (a file that expands aliases this "
                + "much is refused)");
    }

    @Test
    void a_file_over_3_mb_is_refused_before_it_is_read(@TempDir Path tmp) throws Exception {
        Path big = tmp.resolve("big.yaml");
        try (var w = java.nio.file.Files.newBufferedWriter(big)) {
            String pad = "#" + "x".repeat(1023) + "\n";
            for (int i = 0; i < 3 * 1024 + 1; i++) {
                w.write(pad);
            }
        }
        assertThatThrownBy(() -> YamlDocument.read(big)).hasMessage(big + ": 3.0 MB, over the limit of 3 MB for a YAML "
                + "file here; is it the right file?");
        assertThatThrownBy(() -> YamlDocument.parse("s.yaml", "#" + "x".repeat(YamlDocument.MAX_BYTES)))
                .hasMessage("s.yaml: 3145729 characters, over the limit of 3145728 (3 MB) for a YAML file here");
    }

    @Test
    void a_file_that_is_not_utf8_names_its_line(@TempDir Path tmp) throws Exception {
        Path f = java.nio.file.Files.write(tmp.resolve("latin1.yaml"), "name: x\nsteps:\n  - name: caf\u00e9\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> YamlDocument.read(f)).hasMessage(f + ":3: not UTF-8 text (line 3); a YAML file is "
                + "UTF-8 text");
    }
}
