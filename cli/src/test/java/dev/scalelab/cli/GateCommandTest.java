package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.cli.AppCommandTest.Result;
import dev.scalelab.cli.gate.QueryProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query-count gate against the reference app on the machine's PostgreSQL. */
class GateCommandTest {

    @Test
    void records_a_baseline_passes_against_it_and_fails_when_a_route_grows(@TempDir Path tmp) throws Exception {
        String db = TestDb.url("scalelab_ladder_it");
        Path baseline = tmp.resolve("gate.json");
        Result update = AppCommandTest.run("gate", "--baseline", baseline.toString(), "--update", "--db-url", db);
        assertThat(update.exitCode()).as(update.err()).isZero();
        assertThat(update.out()).startsWith("baseline written: " + baseline + " (8 routes, ");
        QueryProfile recorded = QueryProfile.read(baseline);
        assertThat(recorded.routes().get("GET /").statementsPerRequest()).isBetween(1, 5);
        assertThat(recorded.routes().get("GET /").statements().values())
                .allSatisfy(s -> assertThat(s.callSite()).startsWith("EagerSiteQueries."));

        Result pass = AppCommandTest.run("gate", "--baseline", baseline.toString(), "--db-url", db);
        assertThat(pass.exitCode()).as(pass.out()).isZero();
        assertThat(pass.out()).endsWith("query gate passed: 8 routes within " + baseline + System.lineSeparator());

        // The lazy step adds N+1 loops to the feed: the gate names the route, the counts and the loop.
        Path junit = tmp.resolve("gate.xml");
        Result fail = AppCommandTest.run("gate", "--baseline", baseline.toString(), "--step", "naive", "--db-url", db,
                "--format", "junit", "--output", junit.toString());
        assertThat(fail.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(fail.out()).contains("<failure type=\"REGRESSION\" message=\"GET /: 4 -&gt; ")
                .contains("at ViewMapping.person(ViewMapping.java:")
                .contains("new N+1");
        assertThat(Files.readString(junit)).isEqualTo(fail.out());
    }

    @Test
    void a_route_missing_from_the_run_fails_closed(@TempDir Path tmp) throws Exception {
        String db = TestDb.url("scalelab_ladder_it");
        Path baseline = tmp.resolve("gate.json");
        assertThat(AppCommandTest.run("gate", "--baseline", baseline.toString(), "--update", "--db-url", db).exitCode()).isZero();
        QueryProfile p = QueryProfile.read(baseline);
        var routes = new TreeMap<>(p.routes());
        routes.put("GET /tags/{id}", routes.get("GET /health"));
        new QueryProfile(p.schemaVersion(), p.target(), routes).write(baseline);
        Result r = AppCommandTest.run("gate", "--baseline", baseline.toString(), "--db-url", db);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(r.out()).contains("FAIL  GET /tags/{id}: in the baseline but not exercised by this run");
    }

    @Test
    void usage_mistakes_are_one_line_and_exit_2(@TempDir Path tmp) {
        Result none = AppCommandTest.run("gate", "--baseline", tmp.resolve("missing.json").toString());
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).isEqualTo("scalelab: no baseline at " + tmp.resolve("missing.json")
                + "; record one with --update and commit it" + System.lineSeparator());
        Result remote = AppCommandTest.run("gate", "--baseline", "x.json", "--update", "--url", "http://example.com",
                "--users", "u.csv");
        assertThat(remote.err()).contains("--url must be a loopback address");
        Result format = AppCommandTest.run("gate", "--baseline", "x.json", "--update", "--format", "pdf");
        assertThat(format.err()).contains("invalid value for --format: 'pdf' (valid values: text, junit, markdown, github)");
    }
}
