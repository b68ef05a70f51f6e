package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.app.DatabaseSettings;
import dev.scalelab.cli.AppCommandTest.Result;
import dev.scalelab.cli.ladder.Environment;
import dev.scalelab.cli.proc.AppProcess;
import dev.scalelab.cli.proc.FreePorts;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ladder step on "your own app": any app that implements the HTTP contract, started by the step's command and
 * reached through its URL. The reference app, started as a plain command, stands in for the user's app.
 */
class OwnAppLadderTest {

    @Test
    void a_step_starts_your_app_with_its_command_loads_it_and_stops_it_afterwards(@TempDir Path tmp) throws Exception {
        String dbUrl = TestDb.url("scalelab_own_app_it");
        // The app's users, as its owner would export them (here: the reference dataset, seeded on the way).
        try (Environment env = Environment.prepare(DatabaseSettings.external(dbUrl, null, null), tmp, line -> { })) {
            assertThat(tmp.resolve("users.csv")).isRegularFile();
        }
        int port = FreePorts.next();
        String start = "exec java -cp '" + AppProcess.ownClasspath() + "' dev.scalelab.cli.Main app --fetch eager"
                + " --connections pool --port " + port + " --db-url '" + dbUrl + "'";
        Path ladder = Files.writeString(tmp.resolve("mine.yaml"), """
                name: mine
                workload: {rate: 3, warmupSec: 1, durationSec: 4, drainSec: 5}
                steps:
                  - name: my-app
                    description: my shop, eager loading
                    start: "%s"
                    url: http://127.0.0.1:%d
                    users: users.csv
                    ids: {articles: 2000, users: 5000}
                """.formatted(start.replace("\"", "\\\""), port));
        Path out = tmp.resolve("run");

        Result r = AppCommandTest.run("ladder", "--ladder", ladder.toString(), "--out", out.toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("step 1/1 my-app: my shop, eager loading")
                .contains("starting your app: exec java")
                .doesNotContain("database: ");
        JsonNode step = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("steps").get(0);
        assertThat(step.get("status").asText()).isEqualTo("PASSED");
        assertThat(step.get("requests").asLong()).isPositive();
        assertThat(step.get("ko").asLong()).isZero();
        // statements per request from the app's Server-Timing headers
        assertThat(step.at("/routes/GET ~1/statementsPerRequest").asDouble()).as(step.toString()).isBetween(1.0, 5.0);
        assertThat(step.at("/resources/app/cpuPercent").asDouble()).isPositive();
        assertThat(step.get("identityLeaks").asLong()).isZero();
        assertThat(out.resolve("my-app/app.log")).isRegularFile();
        assertThat(out.resolve("my-app/client-results.json")).isRegularFile();
        assertThat(out.resolve("report.html")).isRegularFile();
        assertThat(listening(port)).as("the app started by the step is stopped when the command ends").isFalse();
    }

    @Test
    void a_step_on_an_app_that_is_not_running_and_has_no_start_command_is_an_error_with_what_to_do(@TempDir Path tmp)
            throws Exception {
        Files.writeString(tmp.resolve("users.csv"), "id,email,password,name\n1,a@example.test,password,A\n");
        int port = FreePorts.next();
        Path ladder = Files.writeString(tmp.resolve("mine.yaml"), """
                workload: {simulation: QueryProfile}
                steps:
                  - name: not-running
                    url: http://127.0.0.1:%d
                    users: users.csv
                """.formatted(port));
        Path out = tmp.resolve("run");

        Result r = AppCommandTest.run("ladder", "--ladder", ladder.toString(), "--out", out.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("step 1/1 not-running: ERROR")
                .contains("start your app first, or give the step a 'start' command");
        JsonNode step = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("steps").get(0);
        assertThat(step.get("status").asText()).isEqualTo("ERROR");
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
