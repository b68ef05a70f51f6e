package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.cli.AppCommandTest.Result;
import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.UnitScope;
import dev.scalelab.diagnostics.junit.TestProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code scalelab gate --from-tests}: per-test profiles made by the diagnostics library's own writer from statements
 * run on real PostgreSQL, a baseline recorded from them, and an N+1 added to one test.
 */
class GateFromTestsTest {
    static final String OWNERS = "select o.id, o.name from owner o order by o.id";
    static final String PETS = "select p.name from pet p where p.owner_id = ?";
    static final String LISTS = "com.example.OwnerTest#lists";
    static final String COUNTS = "com.example.PetTest#counts";
    static DataSource raw;
    static volatile int petsLine;

    @BeforeAll
    static void schema() throws SQLException {
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(TestDb.ADMIN_URL);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop schema if exists gate_from_tests cascade");
            s.execute("create schema gate_from_tests");
            s.execute("create table gate_from_tests.owner (id bigint primary key, name text not null)");
            s.execute("create table gate_from_tests.pet (id bigint primary key, owner_id bigint not null, name text not null)");
            s.execute("insert into gate_from_tests.owner select g, 'owner ' || g from generate_series(1, 4) g");
            s.execute("insert into gate_from_tests.pet select g, 1 + g % 4, 'pet ' || g from generate_series(1, 12) g");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(TestDb.ADMIN_URL);
        ds.setCurrentSchema("gate_from_tests");
        raw = ds;
    }

    /** The application code the tests exercise: owners with their pets, joined or one owner at a time. */
    static final class Owners {
        private final DataSource ds;

        Owners(DataSource ds) {
            this.ds = ds;
        }

        List<String> list(boolean petsOneByOne) throws SQLException {
            List<String> out = new ArrayList<>();
            try (Connection c = ds.getConnection()) {
                if (!petsOneByOne) {
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                            "select o.name, p.name from owner o join pet p on p.owner_id = o.id order by o.id, p.id")) {
                        while (rs.next()) {
                            out.add(rs.getString(1) + ": " + rs.getString(2));
                        }
                    }
                    return out;
                }
                List<Long> ids = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(OWNERS)) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                for (long id : ids) {
                    out.addAll(petsOf(c, id));
                }
                return out;
            }
        }

        private List<String> petsOf(Connection c, long ownerId) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(PETS)) {
                ps.setLong(1, ownerId);
                petsLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                    return out;
                }
            }
        }

        int countPets() throws SQLException {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from pet")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    interface Body {
        void run(Owners owners) throws SQLException;
    }

    /** What the JUnit extension does around a test body: a unit of its own, then the profile. */
    static void profile(Path dir, String testId, Body body) throws SQLException {
        try (Diagnostics d = Diagnostics.builder().build()) {
            Owners owners = new Owners(d.wrap(raw));
            UnitScope unit = d.open(testId);
            body.run(owners);
            UnitReport report = unit.end();
            assertThat(TestProfiles.write(dir, testId, report)).isPresent();
        }
    }

    static void suite(Path dir, boolean petsOneByOne) throws SQLException {
        profile(dir, LISTS, o -> o.list(petsOneByOne));
        profile(dir, COUNTS, Owners::countPets);
    }

    @Test
    void a_recorded_baseline_passes_and_an_added_n_plus_one_fails_naming_test_statement_and_call_site(@TempDir Path tmp)
            throws Exception {
        Path dir = tmp.resolve("queries");
        Path baseline = tmp.resolve("query-baseline.json");
        suite(dir, false);
        List<String> runsBefore = gateRuns();

        Result update = AppCommandTest.run("gate", "--from-tests", dir.toString(), "--baseline", baseline.toString(), "--update");
        assertThat(update.exitCode()).as(update.err()).isZero();
        assertThat(update.out()).startsWith("baseline written: " + baseline + " (2 tests, ");
        assertThat(update.err()).isEmpty();
        assertThat(Files.readString(baseline)).contains("\"com.example.OwnerTest#lists\" : {\n      \"statementsPerRequest\" : 1,");

        Result pass = AppCommandTest.run("gate", "--from-tests", dir.toString(), "--baseline", baseline.toString());
        assertThat(pass.exitCode()).as(pass.out() + pass.err()).isZero();
        assertThat(pass.out()).isEqualTo("ok    " + LISTS + ": 1 statement\nok    " + COUNTS + ": 1 statement\n"
                + "query gate passed: 2 tests within " + baseline + "\n");
        assertThat(gateRuns()).as("no run folder: nothing was started").isEqualTo(runsBefore);

        suite(dir, true);
        Result fail = AppCommandTest.run("gate", "--from-tests", dir.toString(), "--baseline", baseline.toString());
        assertThat(fail.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        String where = "GateFromTestsTest$Owners.petsOf(GateFromTestsTest.java:" + petsLine + ")";
        assertThat(fail.out()).contains("FAIL  " + LISTS + ": 1 -> 5 statements (+4 x " + PETS + " at " + where
                        + ", new statement, new N+1; +1 x " + OWNERS + " at GateFromTestsTest$Owners.list(GateFromTestsTest.java:")
                .contains("ok    " + COUNTS + ": 1 statement\n")
                .endsWith("query gate FAILED: 1 of 2 tests against " + baseline + "; if the change is intended, record it"
                        + " with --update and commit the baseline\n");

        Result junit = AppCommandTest.run("gate", "--from-tests", dir.toString(), "--baseline", baseline.toString(),
                "--format", "github");
        assertThat(junit.out()).startsWith("::error file=" + baseline + ",title=query gate%3A " + LISTS + "::" + LISTS
                + ": 1 -> 5 statements (+4 x " + PETS + " at " + where);
    }

    @Test
    void fails_closed_on_a_missing_test_profile_and_never_passes_an_empty_or_missing_folder(@TempDir Path tmp)
            throws Exception {
        Path dir = tmp.resolve("queries");
        Path baseline = tmp.resolve("query-baseline.json");
        suite(dir, false);
        assertThat(AppCommandTest.run("gate", "--from-tests", dir.toString(), "--baseline", baseline.toString(), "--update")
                .exitCode()).isZero();

        Files.delete(dir.resolve(TestProfiles.fileName(COUNTS)));
        Result missing = AppCommandTest.run("gate", "--from-tests", dir.toString(), "--baseline", baseline.toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(missing.out()).contains("\nFAIL  " + COUNTS + ": in the baseline but this run wrote no profile for it"
                + " (not run, renamed, or ran no statements); a test that is not measured cannot pass\n");

        Files.delete(dir.resolve(TestProfiles.fileName(LISTS)));
        Result empty = AppCommandTest.run("gate", "--from-tests", dir.toString(), "--baseline", baseline.toString());
        assertThat(empty.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(empty.err()).isEqualTo("scalelab: no test profiles (*.json) in " + dir + ": no test was measured, so"
                + " nothing can pass; register the scalelab JUnit extension (see docs/test-profiles.md) and run the tests"
                + " first\n");
        Result emptyUpdate = AppCommandTest.run("gate", "--from-tests", dir.toString(), "--baseline", baseline.toString(),
                "--update");
        assertThat(emptyUpdate.exitCode()).isEqualTo(ExitCodes.USAGE);

        Path none = tmp.resolve("nowhere");
        Result absent = AppCommandTest.run("gate", "--from-tests", none.toString(), "--baseline", baseline.toString());
        assertThat(absent.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(absent.err()).isEqualTo("scalelab: no folder " + none + ": run the test suite first (with the"
                + " scalelab JUnit extension, which writes one profile per test there; see docs/test-profiles.md)\n");
    }

    @Test
    void app_packages_are_checked_and_belong_to_the_test_jvm_not_to_from_tests(@TempDir Path tmp) {
        Result bad = AppCommandTest.run("gate", "--from-tests", tmp.toString(), "--baseline",
                tmp.resolve("b.json").toString(), "--app-packages", "com.example,not a package");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).isEqualTo("scalelab: invalid value for --app-packages: expected package names separated by"
                + " commas, such as com.example,org.acme; found com.example,not a package\n");

        Result misplaced = AppCommandTest.run("gate", "--from-tests", tmp.toString(), "--baseline",
                tmp.resolve("b.json").toString(), "--app-packages", "com.example");
        assertThat(misplaced.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(misplaced.err()).startsWith("scalelab: --from-tests reads the test suite's profiles and starts no app"
                + " or database; drop --app-packages (per-test profiles carry call sites resolved in the test JVM");
    }

    @Test
    void a_profile_that_does_not_parse_is_one_line_naming_the_file(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("queries");
        Path baseline = tmp.resolve("query-baseline.json");
        suite(dir, false);
        assertThat(AppCommandTest.run("gate", "--from-tests", dir.toString(), "--baseline", baseline.toString(), "--update")
                .exitCode()).isZero();
        String fix = "; delete it and run the tests again (the JUnit extension of scalelab's diagnostics writes these"
                + " files; see docs/test-profiles.md)\n";

        Path broken = Files.writeString(dir.resolve("com.example.Broken#cut.json"), "{\"schemaVersion\": 1, \"test\": ");
        Result cut = AppCommandTest.run("gate", "--from-tests", dir.toString(), "--baseline", baseline.toString());
        assertThat(cut.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cut.err()).isEqualTo("scalelab: " + broken + " is not a valid test profile: invalid JSON at line 1,"
                + " column 30 (Unexpected end-of-input within/between Object entries)" + fix);
        assertThat(cut.err().lines()).hasSize(1);

        Files.writeString(broken, "{\"schemaVersion\": 1, \"test\": \"com.example.Broken#cut\", \"statements\": null,"
                + " \"byFingerprint\": {}, \"nPlusOne\": []}");
        Result nullCount = AppCommandTest.run("gate", "--from-tests", dir.toString(), "--baseline", baseline.toString());
        assertThat(nullCount.err()).isEqualTo("scalelab: " + broken + ": $.statements: expected a whole number >= 0,"
                + " found null" + fix);

        Files.writeString(broken, "{\"schemaVersion\": 1, \"test\": \"com.example.OwnerTest#lists\", \"statements\": 0,"
                + " \"byFingerprint\": {\"select 1\": {\"count\": 1, \"kind\": \"READ\"}}, \"nPlusOne\": {}}");
        Result twice = AppCommandTest.run("gate", "--from-tests", dir.toString(), "--baseline", baseline.toString());
        assertThat(twice.err()).isEqualTo("scalelab: " + broken + ": $.byFingerprint[\"select 1\"].callSite: expected a"
                + " string or null, found nothing (the key is missing) (and 1 more problem)" + fix);
    }

    @Test
    void from_tests_starts_nothing_so_http_options_are_refused() {
        Result r = AppCommandTest.run("gate", "--from-tests", "target/scalelab/queries", "--baseline", "b.json",
                "--url", "http://127.0.0.1:8080", "--db-url", "jdbc:postgresql://127.0.0.1/x");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("scalelab: --from-tests reads the test suite's profiles and starts no app or"
                + " database; drop --url, --db-url (or drop --from-tests to profile over HTTP)\n");
    }

    /** The gate's run folders under the working directory (each HTTP gate run makes one). */
    private static List<String> gateRuns() throws java.io.IOException {
        Path runs = Path.of("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (var s = Files.list(runs)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("gate-")).sorted().toList();
        }
    }
}
