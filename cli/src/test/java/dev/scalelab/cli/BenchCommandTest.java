package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.cli.AppCommandTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @Test
    void runs_the_recorder_benchmarks_and_writes_the_table_and_jmh_results(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        Result r = AppCommandTest.run("bench", "--quick", "--forks", "0", "--via", "raw,recorder", "--db-url", TestDb.ADMIN_URL,
                "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("[1/12").contains("RecorderStubBench.statement").contains("via=raw")
                .containsPattern("\\| recorder \\| [+-]\\d+\\.\\d\\d ± \\d+\\.\\d\\d \\|")
                .containsPattern("\\| recorder \\| \\d+\\.\\d ± \\d+\\.\\d \\| [+-]\\d+\\.\\d %")
                .contains("SELECT 1, loop units, 10 paired rounds of 400 statements")
                .containsPattern("\\| recorder \\| \\d+\\.\\d \\| [+-]\\d+\\.\\d % \\| [+-]\\d+\\.\\d % to [+-]\\d+\\.\\d % \\|");
        assertThat(Files.readString(out.resolve("bench.md"))).contains("request, depth 0").contains("loop, depth 100");
        assertThat(Files.readString(out.resolve("jmh-results.json"))).contains("RecorderPostgresBench");
        assertThat(out.resolve("jmh-results.json.part")).doesNotExist();

        Result again = AppCommandTest.run("bench", "--quick", "--stub-only", "--out", out.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("is not empty");
    }

    @Test
    void an_unreachable_database_or_unknown_path_is_one_line_and_exit_2(@TempDir Path tmp) {
        Result r = AppCommandTest.run("bench", "--db-url", "jdbc:postgresql://127.0.0.1:1/nope", "--out", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("scalelab: cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nope")
                .contains("--stub-only").hasLineCount(1);

        Result via = AppCommandTest.run("bench", "--via", "raw,hibernate", "--stub-only");
        assertThat(via.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(via.err()).contains("invalid value for --via: 'hibernate'");
        Result noRaw = AppCommandTest.run("bench", "--via", "recorder", "--stub-only");
        assertThat(noRaw.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noRaw.err()).contains("--via must include raw");
    }
}
