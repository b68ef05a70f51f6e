package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.cli.AppCommandTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scalelab run --workload}: the usage mistakes, each one line and exit 2, before anything starts. */
class RunWorkloadCommandTest {

    @Test
    void a_workload_needs_a_url_or_a_start_command(@TempDir Path tmp) throws Exception {
        Path w = Files.writeString(tmp.resolve("shop.yaml"), "name: shop\njourneys: [{name: a, requests: [{get: /}]}]\n");

        Result r = AppCommandTest.run("run", "--workload", w.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("scalelab: --workload needs --url URL (your app, already running) or --start CMD "
                + "(scalelab starts it)" + System.lineSeparator());
    }

    @Test
    void another_host_needs_allow_remote(@TempDir Path tmp) throws Exception {
        Path w = Files.writeString(tmp.resolve("shop.yaml"), "name: shop\njourneys: [{name: a, requests: [{get: /}]}]\n");

        Result r = AppCommandTest.run("run", "--workload", w.toString(), "--url", "https://staging.example.com");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("scalelab: --url: load tests target loopback only: https://staging.example.com is "
                + "on host staging.example.com, not this machine; give http://127.0.0.1:PORT or http://localhost:PORT, "
                + "or add --allow-remote to load another host (e.g. a staging server you own)" + System.lineSeparator());
    }

    @Test
    void a_missing_or_broken_workload_file_is_one_line(@TempDir Path tmp) throws Exception {
        Result missing = AppCommandTest.run("run", "--workload", tmp.resolve("none.yaml").toString(), "--url",
                "http://127.0.0.1:9");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).isEqualTo("scalelab: " + tmp.resolve("none.yaml") + ": no such workload file "
                + "(docs/workloads.md describes the format)" + System.lineSeparator());

        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "name: bad\nload: {rate: -1}\njourneys: []\n");
        Result broken = AppCommandTest.run("run", "--workload", bad.toString(), "--url", "http://127.0.0.1:9");
        assertThat(broken.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(broken.err()).startsWith("scalelab: " + bad.toAbsolutePath() + ":2:").doesNotContain("\tat ");
    }

    @Test
    void own_app_options_do_not_go_with_a_ladder_step() {
        Result r = AppCommandTest.run("run", "--step", "eager-fetch", "--url", "http://127.0.0.1:8080");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("scalelab: --url goes with --workload (your own app); --step runs a step of the "
                + "ladder file as it is written" + System.lineSeparator());
    }

    @Test
    void env_needs_a_start_command(@TempDir Path tmp) throws Exception {
        Path w = Files.writeString(tmp.resolve("shop.yaml"), "name: shop\njourneys: [{name: a, requests: [{get: /}]}]\n");

        Result r = AppCommandTest.run("run", "--workload", w.toString(), "--url", "http://127.0.0.1:9", "--env", "A=b");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("scalelab: --env sets the environment of the --start command; give --start too"
                + System.lineSeparator());
    }
}
