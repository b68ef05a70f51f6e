package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.cli.AppCommandTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadCommandTest {

    private static Path fixture() throws Exception {
        return Path.of(WorkloadCommandTest.class.getResource("/har/owners.har").toURI());
    }

    @Test
    void from_har_writes_a_workload_file_and_says_what_it_kept(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("owners.yaml");

        Result r = AppCommandTest.run("workload", "from-har", fixture().toString(), "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("wrote " + out + ": 1 journey of 11 requests; dropped 4 static assets, 1 to "
                + "other hosts, 1 without an answer; feeders owners (2 values), pets (1 value), documents (1 value)");
        assertThat(Files.readString(out)).startsWith("# Imported from owners.har by 'scalelab workload from-har'")
                .contains("name: owners\n");
    }

    @Test
    void from_har_never_overwrites_a_file(@TempDir Path tmp) throws Exception {
        Path out = Files.writeString(tmp.resolve("mine.yaml"), "name: mine\n");

        Result r = AppCommandTest.run("workload", "from-har", fixture().toString(), "--out", out.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("scalelab: " + out + " already exists; scalelab never overwrites a file: choose "
                + "another --out, or remove it first" + System.lineSeparator());
        assertThat(Files.readString(out)).isEqualTo("name: mine\n");
    }

    @Test
    void from_har_of_a_file_that_is_not_a_har_is_one_line_and_exit_2(@TempDir Path tmp) throws Exception {
        Path har = Files.writeString(tmp.resolve("page.har"), "{\"entries\": []}");

        Result r = AppCommandTest.run("workload", "from-har", har.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("scalelab: " + har + ": no log.entries, so not a HAR file").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void from_har_without_out_prints_the_workload(@TempDir Path tmp) throws Exception {
        Result r = AppCommandTest.run("workload", "from-har", fixture().toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("journeys:\n  - name: recorded\n");
        assertThat(r.err()).startsWith("scalelab: 1 journey of 11 requests");
    }
}
