package dev.scalelab.reports.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunFolderTest {
    @TempDir
    Path root;

    FileLink check(String relative) {
        return new RunFolder(root).check("f", relative);
    }

    @Test
    void presentValidFilesAndFoldersAreFine() throws Exception {
        Files.createDirectories(root.resolve("a/gatling"));
        Files.writeString(root.resolve("a/x.json"), "{\"a\": [1, 2]}");
        Files.writeString(root.resolve("a/x.jsonl"), "{\"unit\": \"GET /\"}\n\n{\"unit\": \"GET /\"}\n");
        Files.writeString(root.resolve("a/x.csv"), "a,b\n1,\"x,y\"\n");
        Files.writeString(root.resolve("a/x.hlog"), "binary-ish");

        assertThat(check("a/x.json")).isEqualTo(new FileLink("f", "a/x.json", "a/x.json", null));
        assertThat(check("a/x.jsonl").ok()).isTrue();
        assertThat(check("a/x.csv").ok()).isTrue();
        assertThat(check("a/x.hlog").ok()).isTrue();
        assertThat(check("a/gatling").ok()).isTrue();
        assertThat(check("a/./x.json").href()).isEqualTo("a/x.json");
        Files.writeString(root.resolve("a/gatling/index.html"), "<html></html>");
        assertThat(check("a/gatling").href()).isEqualTo("a/gatling/index.html");
    }

    @Test
    void brokenFilesSayWhereTheyBreak() throws Exception {
        Files.writeString(root.resolve("t.json"), "{\"a\": ");
        Files.writeString(root.resolve("two.json"), "{} {}");
        Files.writeString(root.resolve("t.jsonl"), "{}\n{\"x\"\n");
        Files.writeString(root.resolve("t.csv"), "a,b,c\n1,2,3\n1,2\n");
        Files.writeString(root.resolve("empty.log"), "");

        assertThat(check("t.json").problem()).isEqualTo("is not valid JSON (line 1, column 7)");
        assertThat(check("two.json").problem()).isEqualTo("is not valid JSON (content after the end, line 1)");
        assertThat(check("t.jsonl").problem()).isEqualTo("is not valid JSON Lines (line 2)");
        assertThat(check("t.csv").problem()).isEqualTo("is not valid CSV (line 3 has 2 columns, the header 3)");
        assertThat(check("empty.log").problem()).isEqualTo("is empty");
        assertThat(check("nope.json").problem()).isEqualTo("not found");
        assertThat(check("nope.json").href()).isEqualTo("nope.json");
    }

    @Test
    void pathsOutsideTheRunFolderAreRejected() {
        assertThat(check("../x")).isEqualTo(new FileLink("f", "../x", null, "link rejected: leaves the run folder"));
        assertThat(check("a/../../x").href()).isNull();
        assertThat(check("/etc/passwd").problem())
                .isEqualTo("link rejected: absolute path, expected a path relative to the run folder");
        assertThat(check("javascript:alert(1)").problem()).isEqualTo("link rejected: not a path inside the run folder");
        assertThat(check("https://example.org/x").href()).isNull();
        assertThat(check(".").problem()).isEqualTo("link rejected: leaves the run folder");
        assertThat(check(" ").problem()).isEqualTo("no path given");
    }
}
