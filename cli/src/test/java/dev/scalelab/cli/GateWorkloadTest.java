package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.cli.AppCommandTest.Result;
import dev.scalelab.cli.gate.OwnersApp;
import dev.scalelab.cli.gate.QueryProfile;
import dev.scalelab.cli.proc.AppProcess;
import dev.scalelab.cli.proc.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scalelab gate --workload FILE (--url | --start)} on an app that is not the reference app: a small owners
 * app on PostgreSQL with the diagnostics library, started by the gate (its diagnostics endpoint gets the gate's
 * token) or already running (counts from {@code Server-Timing}).
 */
class GateWorkloadTest {
    static final String SCHEMA = "gate_owners";
    static final String WORKLOAD = """
            name: owners
            load: {rate: 5, warmupSec: 5, durationSec: 30}
            probes: {health: /actuator/health}
            feeders:
              owners: {list: [1, 2, 3], order: circular}
            journeys:
              - name: browse
                share: 1
                requests:
                  - {name: 'GET /owners', get: /owners, think: 2s}
                  - {name: 'GET /owners/{id}', get: '/owners/${owners}', think: 1s..3s}
            """;

    @TempDir
    Path tmp;
    Path workload;
    Path baseline;
    OwnersApp running;

    @BeforeAll
    static void database() throws Exception {
        OwnersApp.schema(TestDb.ADMIN_URL, SCHEMA);
    }

    @AfterEach
    void stop() {
        if (running != null) {
            running.stop();
        }
    }

    void files(String workloadYaml) throws Exception {
        workload = Files.writeString(tmp.resolve("owners.yaml"), workloadYaml);
        baseline = tmp.resolve("owners-baseline.json");
    }

    static String startCommand(int port, String... more) {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -cp " + AppProcess.ownClasspath()
                + " dev.scalelab.cli.gate.OwnersApp " + port + " " + SCHEMA + " " + String.join(" ", more);
    }

    @Test
    void a_started_app_is_profiled_from_its_diagnostics_endpoint_and_an_added_n_plus_one_fails() throws Exception {
        files(WORKLOAD);
        int port = FreePorts.next();
        String url = "http://127.0.0.1:" + port;
        Result update = AppCommandTest.run("gate", "--workload", workload.toString(), "--start", startCommand(port),
                "--url", url, "--baseline", baseline.toString(), "--update");
        assertThat(update.exitCode()).as(update.err()).isZero();
        assertThat(update.out()).startsWith("baseline written: " + baseline + " (2 routes, ");
        assertThat(update.err()).contains("gate: waiting for GET " + url + "/actuator/health\n")
                .contains("statement counts from the diagnostics endpoint /_scalelab/diagnostics")
                .contains("gate: GET /owners -> 200 (1 statements)\n")
                .contains("gate: GET /owners/{id} -> 200 (1 statements)\n");
        QueryProfile recorded = QueryProfile.read(baseline);
        assertThat(recorded.routes()).containsOnlyKeys("GET /owners", "GET /owners/{id}");
        assertThat(recorded.routes().get("GET /owners").statementsPerRequest()).isEqualTo(1);
        assertThat(recorded.routes().get("GET /owners").requests()).as("each request once").isEqualTo(1);

        Result fail = AppCommandTest.run("gate", "--workload", workload.toString(), "--start",
                startCommand(port, "n-plus-one"), "--url", url, "--baseline", baseline.toString());
        assertThat(fail.exitCode()).as(fail.err()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(fail.out()).contains("FAIL  GET /owners: 1 -> 5 statements (new N+1: " + OwnersApp.PETS
                        + " at OwnersApp.petsOf(OwnersApp.java:")
                .contains("ok    GET /owners/{id}: 1 statement\n");
    }

    @Test
    void an_app_already_running_is_profiled_from_server_timing_and_passes_its_baseline() throws Exception {
        files(WORKLOAD);
        int port = FreePorts.next();
        running = OwnersApp.start(port, SCHEMA, true);
        String url = "http://127.0.0.1:" + port;
        Result update = AppCommandTest.run("gate", "--workload", workload.toString(), "--url", url,
                "--baseline", baseline.toString(), "--update");
        assertThat(update.exitCode()).as(update.err()).isZero();
        assertThat(update.err()).contains("statement counts from Server-Timing headers (no diagnostics endpoint"
                + " answered: set SCALELAB_DIAGNOSTICS_TOKEN to its token)");
        assertThat(QueryProfile.read(baseline).routes().get("GET /owners").statementsPerRequest()).isEqualTo(5);

        Result pass = AppCommandTest.run("gate", "--workload", workload.toString(), "--url", url,
                "--baseline", baseline.toString(), "--format", "markdown");
        assertThat(pass.exitCode()).as(pass.out() + pass.err()).isZero();
        assertThat(pass.out()).startsWith("### scalelab query gate: passed\n\n| route | baseline | now | verdict |\n")
                .contains("| `GET /owners` | 5 | 5 | pass |");
    }

    @Test
    void with_its_trace_the_profile_names_fingerprints_and_call_sites() throws Exception {
        files(WORKLOAD);
        int port = FreePorts.next();
        Path trace = tmp.resolve("owners-trace.jsonl");
        Result update = AppCommandTest.run("gate", "--workload", workload.toString(), "--start",
                startCommand(port, "n-plus-one", "trace=" + trace), "--url", "http://127.0.0.1:" + port,
                "--trace", trace.toString(), "--baseline", baseline.toString(), "--update");
        assertThat(update.exitCode()).as(update.err()).isZero();
        QueryProfile.Route owners = QueryProfile.read(baseline).routes().get("GET /owners");
        assertThat(owners.statementsPerRequest()).isEqualTo(5);
        assertThat(owners.statements().get(OwnersApp.PETS).perRequest()).isEqualTo(4);
        assertThat(owners.statements().get(OwnersApp.PETS).callSite()).startsWith("OwnersApp.petsOf(OwnersApp.java:");
        assertThat(owners.nPlusOne()).singleElement().asString()
                .startsWith(OwnersApp.PETS + " at OwnersApp.petsOf(OwnersApp.java:");
    }

    @Test
    void a_start_command_that_exits_fails_at_once_in_one_line() throws Exception {
        files(WORKLOAD);
        Result r = AppCommandTest.run("gate", "--workload", workload.toString(), "--start", "echo no database; exit 3",
                "--url", "http://127.0.0.1:" + FreePorts.next(), "--baseline", baseline.toString(), "--update");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        String last = r.err().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).startsWith("scalelab: the start command exited (last log line: no database; log: ")
                .endsWith("app.log) before GET " + r.err().lines().filter(l -> l.startsWith("gate: waiting for GET "))
                        .findFirst().orElseThrow().substring("gate: waiting for GET ".length()) + " answered 200");
    }

    @Test
    void the_health_wait_says_how_long_it_has_waited_and_gives_up_in_one_line() throws Exception {
        files(WORKLOAD);
        String url = "http://127.0.0.1:" + FreePorts.next();
        Result r = AppCommandTest.run("gate", "--workload", workload.toString(), "--start", "sleep 60", "--url", url,
                "--health", "/ready", "--health-timeout", "6", "--baseline", baseline.toString(), "--update");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("gate: waiting for GET " + url + "/ready to answer 200 (5 s, connection refused)\n")
                .endsWith("scalelab: GET " + url + "/ready did not answer 200 within 6 s (last: connection refused);"
                        + " check the app's health path (--health PATH) and its log\n");
    }

    @Test
    void a_route_answering_an_unexpected_status_is_named_and_no_baseline_is_written() throws Exception {
        files(WORKLOAD.replace("think: 2s}", "think: 2s}\n      - {name: 'GET /vets', get: /vets}"));
        int port = FreePorts.next();
        running = OwnersApp.start(port, SCHEMA, false);
        String url = "http://127.0.0.1:" + port;
        Result r = AppCommandTest.run("gate", "--workload", workload.toString(), "--url", url,
                "--baseline", baseline.toString(), "--update");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(r.err()).contains("gate: error: GET /vets: expected 200, answered 404 (GET " + url + "/vets)\n");
        assertThat(r.out()).startsWith("baseline NOT written: routes answered with errors: GET /vets (1 errors)");
        assertThat(baseline).doesNotExist();
    }

    @Test
    void usage_mistakes_are_one_line_and_exit_2() throws Exception {
        files(WORKLOAD);
        Result noWorkload = AppCommandTest.run("gate", "--url", "http://127.0.0.1:8080", "--baseline", "b.json", "--update");
        assertThat(noWorkload.err()).isEqualTo("scalelab: --url profiles your own app: give --workload FILE with the"
                + " requests to send (see docs/workloads.md; the reference app's routes are --workload"
                + " builtin:query-profile --users users.csv)\n");
        Result noTarget = AppCommandTest.run("gate", "--workload", workload.toString(), "--baseline", "b.json", "--update");
        assertThat(noTarget.err()).isEqualTo("scalelab: --workload needs --url URL (an app already running) or"
                + " --start CMD (scalelab starts it)\n");
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), WORKLOAD.replace("share: 1", "share: lots"));
        Result badFile = AppCommandTest.run("gate", "--workload", bad.toString(), "--url", "http://127.0.0.1:9",
                "--baseline", "b.json", "--update");
        assertThat(badFile.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badFile.err()).startsWith("scalelab: " + bad + ":8:12: 'share' must be a number (was 'lots')");
        assertThat(badFile.err().lines()).hasSize(1);
        for (Result x : List.of(noWorkload, noTarget)) {
            assertThat(x.exitCode()).isEqualTo(ExitCodes.USAGE);
        }
    }
}
