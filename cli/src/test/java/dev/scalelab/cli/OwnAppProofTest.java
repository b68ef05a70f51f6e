package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.cli.AppCommandTest.Result;
import dev.scalelab.cli.proc.AppProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Your own app, end to end on loopback: the owners-and-pets test app ({@code PetsApp}, PostgreSQL through the
 * diagnostics library) under a workload file, as two configurations and as two commits, and a browser recording
 * imported and replayed. The report compares statements per route and shows the N+1 finding where batch fetch is off.
 */
class OwnAppProofTest {

    static String dbUrl;
    static String startPets;

    @BeforeAll
    static void database() throws Exception {
        dbUrl = TestDb.url("scalelab_ownapp_proof_it");
        startPets = "exec java -Xmx128m -XX:TieredStopAtLevel=1 -cp '" + AppProcess.ownClasspath()
                + "' dev.scalelab.cli.ownapp.PetsApp";
    }

    static Path workload(Path dir) throws Exception {
        return Files.copy(Path.of(OwnAppProofTest.class.getResource("/ownapp/pets.yaml").toURI()), dir.resolve("pets.yaml"));
    }

    static JsonNode steps(Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("steps");
    }

    /** The same app with batch fetch off and on: statements per route differ, the N+1 is found in one step only. */
    static void assertBatchFetchDifference(Path out) throws IOException {
        JsonNode steps = steps(out);
        JsonNode off = steps.get(0);
        JsonNode on = steps.get(1);
        assertThat(off.get("status").asText()).as(off.toString()).isEqualTo("PASSED");
        assertThat(on.get("status").asText()).as(on.toString()).isEqualTo("PASSED");
        assertThat(off.at("/routes/GET ~1owners/statementsPerRequest").asDouble()).as(off.toString()).isEqualTo(13.0);
        assertThat(on.at("/routes/GET ~1owners/statementsPerRequest").asDouble()).as(on.toString()).isEqualTo(2.0);
        assertThat(off.at("/routes/GET ~1owners~1{owners}/statementsPerRequest").asDouble()).as(off.toString())
                .isEqualTo(2.0);
        assertThat(on.at("/routes/GET ~1owners~1{owners}/statementsPerRequest").asDouble()).as(on.toString())
                .isEqualTo(2.0);
        assertThat(off.get("nPlusOneFindings").asInt()).as(off.toString()).isEqualTo(1);
        assertThat(on.path("nPlusOneFindings").asInt(-1)).as(on.toString()).isZero();
        assertThat(off.at("/findings/0/route").asText()).isEqualTo("GET /owners");
    }

    @Test
    void a_ladder_of_the_same_app_with_a_setting_off_and_on_shows_the_statement_difference_and_the_n_plus_one(
            @TempDir Path tmp) throws Exception {
        workload(tmp);
        Path ladder = Files.writeString(tmp.resolve("batch.yaml"), """
                name: batch-fetch
                workload: pets.yaml
                steps:
                  - name: batch-off
                    start: %1$s
                    env: {DB_URL: %2$s, BATCH_FETCH: 'off'}
                  - name: batch-on
                    start: %1$s
                    env: {DB_URL: %2$s, BATCH_FETCH: 'on'}
                """.formatted(OwnAppStepsTest.quoted(startPets), OwnAppStepsTest.quoted(dbUrl)));
        Path out = tmp.resolve("run");

        Result r = AppCommandTest.run("ladder", "--ladder", ladder.toString(), "--out", out.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertBatchFetchDifference(out);
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("batch-off").contains("batch-on").contains("GET /owners");
    }

    @Test
    void a_ladder_of_two_commits_builds_each_in_a_worktree_and_shows_the_difference(@TempDir Path tmp) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        OwnAppStepsTest.git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("pets.properties"), "batchFetch=off\n");
        workload(repo);
        OwnAppStepsTest.git(repo, "add", ".");
        OwnAppStepsTest.git(repo, "commit", "-q", "-m", "pets");
        OwnAppStepsTest.git(repo, "branch", "lazy");
        Files.writeString(repo.resolve("pets.properties"), "batchFetch=on\n");
        OwnAppStepsTest.git(repo, "commit", "-q", "-am", "batch fetch");
        Path ladder = Files.writeString(repo.resolve("refs.yaml"), """
                workload: pets.yaml
                steps:
                  - name: lazy
                    ref: lazy
                    build: "cp pets.properties built.properties"
                    start: %1$s
                    env: {DB_URL: %2$s}
                  - name: main
                    ref: main
                    build: "cp pets.properties built.properties"
                    start: %1$s
                    env: {DB_URL: %2$s}
                """.formatted(OwnAppStepsTest.quoted(startPets), OwnAppStepsTest.quoted(dbUrl)));
        Path out = tmp.resolve("run");

        Result r = AppCommandTest.run("ladder", "--ladder", ladder.toString(), "--out", out.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertBatchFetchDifference(out);
        assertThat(out.resolve(".worktrees")).doesNotExist();
    }

    @Test
    void a_browser_recording_imported_as_a_workload_runs_against_the_app(@TempDir Path tmp) throws Exception {
        Path har = Path.of(OwnAppProofTest.class.getResource("/har/owners.har").toURI());
        Path workload = tmp.resolve("recorded.yaml");
        Result imported = AppCommandTest.run("workload", "from-har", har.toString(), "--out", workload.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        Path out = tmp.resolve("run");

        Result r = AppCommandTest.run("run", "--workload", workload.toString(), "--start", startPets,
                "--env", "DB_URL=" + dbUrl, "--rate", "1", "--warmup", "0", "--duration", "18", "--out", out.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonNode step = steps(out).get(0);
        assertThat(step.get("name").asText()).isEqualTo("recorded");
        assertThat(step.get("status").asText()).isEqualTo("PASSED");
        assertThat(step.get("ko").asLong()).as(step.toString()).isZero();
        // a visit follows the recording's pauses (17 s): the first visitors reach every recorded route
        for (String route : java.util.List.of("GET /", "GET /owners", "GET /owners/{owners}", "GET /api/owners/{owners}",
                "GET /owners/{owners}/pets/{pets}", "GET /owners/{owners}/documents/{documents}",
                "POST /owners/{owners}/pets", "POST /api/owners/{owners}/visits")) {
            assertThat(step.at("/routes/" + route.replace("/", "~1") + "/requests").asLong()).as(route).isPositive();
        }
        assertThat(step.at("/routes/GET ~1owners~1{owners}/statementsPerRequest").asDouble()).as(step.toString())
                .isEqualTo(2.0);
        assertThat(out.resolve("report.html")).isRegularFile();
    }
}
