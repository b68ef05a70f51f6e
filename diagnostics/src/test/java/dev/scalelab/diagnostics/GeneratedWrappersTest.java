package dev.scalelab.diagnostics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDBC wrappers in the source tree are what their generator writes today: nobody edited one by hand. */
class GeneratedWrappersTest {
    private static final List<String> GENERATED = List.of("RecordingConnection", "RecordingStatement",
            "RecordingPreparedStatement", "RecordingCallableStatement", "CountingResultSet");

    @Test
    void the_wrappers_match_their_generator(@TempDir Path out) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "tools/GenerateJdbcWrappers.java", out.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("generator finished").isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        Path sources = Path.of("src/main/java/dev/scalelab/diagnostics");
        for (String name : GENERATED) {
            assertThat(Files.readString(sources.resolve(name + ".java")))
                    .as("%s.java: regenerate it with java diagnostics/tools/GenerateJdbcWrappers.java "
                            + "diagnostics/src/main/java/dev/scalelab/diagnostics", name)
                    .isEqualTo(Files.readString(out.resolve(name + ".java")));
        }
    }
}
