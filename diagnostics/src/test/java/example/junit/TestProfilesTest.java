package example.junit;

import dev.scalelab.diagnostics.junit.TestProfiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The per-test query profiles of docs/test-profiles.md, written by the JUnit extension on real PostgreSQL. */
class TestProfilesTest {
    static final String READ = "select name from author where id = ?";

    @BeforeAll
    static void schema() {
        ProfileFixtures.raw();
    }

    static Events run(Class<?> testClass, String queriesDir) {
        var kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass));
        if (queriesDir != null) {
            kit = kit.configurationParameter(TestProfiles.DIR_PROPERTY, queriesDir);
        }
        return kit.execute().testEvents();
    }

    static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void each_test_body_gets_a_profile_with_counts_kinds_call_sites_and_n_plus_one(@TempDir Path dir) throws IOException {
        run(ProfileFixtures.Profiled.class, dir.toString()).assertStatistics(s -> s.succeeded(5).failed(0));

        String id = "example.junit.ProfileFixtures$Profiled#readsAndWrites";
        String read = "ProfileFixtures$Library.readEach(ProfileFixtures.java:" + ProfileFixtures.readLine + ")";
        String write = "ProfileFixtures$Library.renameInTransaction(ProfileFixtures.java:" + ProfileFixtures.writeLine + ")";
        assertThat(Files.readString(dir.resolve("example.junit.ProfileFixtures_Profiled#readsAndWrites.json"))).isEqualTo("""
                {
                  "schemaVersion": 1,
                  "test": "%s",
                  "statements": 5,
                  "byFingerprint": {
                    "%s": {"count": 4, "kind": "READ", "callSite": "%s"},
                    "update author set name = name where id = ?": {"count": 1, "kind": "WRITE", "callSite": "%s"}
                  },
                  "nPlusOne": ["%s at %s"]
                }
                """.formatted(id, READ, read, write, READ, read));
    }

    @Test
    void parameterized_invocations_and_nested_classes_have_their_own_files_and_a_test_without_statements_none(
            @TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("example.junit.ProfileFixtures_Profiled#runsNothing.json"), "stale");
        run(ProfileFixtures.Profiled.class, dir.toString()).assertStatistics(s -> s.succeeded(5));

        assertThat(files(dir)).containsExactly(
                "example.junit.ProfileFixtures_Profiled#readsAndWrites.json",
                "example.junit.ProfileFixtures_Profiled#reads[1].json",
                "example.junit.ProfileFixtures_Profiled#reads[2].json",
                "example.junit.ProfileFixtures_Profiled_Inner#readsOne.json");
        assertThat(Files.readString(dir.resolve("example.junit.ProfileFixtures_Profiled#reads[2].json")))
                .contains("\"test\": \"example.junit.ProfileFixtures$Profiled#reads[2]\",\n  \"statements\": 2,\n")
                .contains("\"nPlusOne\": []");
        assertThat(Files.readString(dir.resolve("example.junit.ProfileFixtures_Profiled_Inner#readsOne.json")))
                .contains("\"test\": \"example.junit.ProfileFixtures$Profiled$Inner#readsOne\"");
    }

    @Test
    void a_failed_budget_still_writes_the_profile(@TempDir Path dir) throws IOException {
        run(ProfileFixtures.OverBudget.class, dir.toString()).assertStatistics(s -> s.failed(1));
        assertThat(Files.readString(dir.resolve("example.junit.ProfileFixtures_OverBudget#readsThree.json")))
                .contains("\"statements\": 3,");
    }

    @Test
    void without_call_stacks_call_sites_are_null(@TempDir Path dir) throws IOException {
        run(ProfileFixtures.Registered.class, dir.toString()).assertStatistics(s -> s.succeeded(1));
        assertThat(Files.readString(dir.resolve("example.junit.ProfileFixtures_Registered#readsThree.json")))
                .contains("\"" + READ + "\": {\"count\": 3, \"kind\": \"READ\", \"callSite\": null}");
    }

    @Test
    void off_writes_nothing_and_a_test_without_diagnostics_runs_unprofiled(@TempDir Path dir) throws IOException {
        Path byDefault = TestProfiles.DEFAULT_DIR.resolve("example.junit.ProfileFixtures_Profiled#readsAndWrites.json");
        Files.deleteIfExists(byDefault);
        run(ProfileFixtures.Profiled.class, "off").assertStatistics(s -> s.succeeded(5));
        assertThat(Path.of("off")).doesNotExist();
        assertThat(byDefault).doesNotExist();
        run(ProfileFixtures.NoDiagnostics.class, dir.toString()).assertStatistics(s -> s.succeeded(1));
        assertThat(files(dir)).isEmpty();
    }

    @Test
    void by_default_profiles_go_under_target_scalelab_queries() throws IOException {
        assumeThat(System.getenv(TestProfiles.DIR_ENV)).as("SCALELAB_QUERIES_DIR moves the folder").isNull();
        Path file = Path.of("target/scalelab/queries/example.junit.ProfileFixtures_OverBudget#readsThree.json");
        Files.deleteIfExists(file);
        run(ProfileFixtures.OverBudget.class, null);
        assertThat(file).exists();
    }

    @Test
    void a_folder_that_cannot_be_written_is_named_with_what_to_do(@TempDir Path dir) throws IOException {
        Path blocked = Files.writeString(dir.resolve("a-file"), "");
        var report = new dev.scalelab.diagnostics.UnitReport("t", 1, 0, List.of(), List.of(), 0);
        assertThatThrownBy(() -> TestProfiles.write(blocked, "com.example.ATest#one", report))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot write the query profile of com.example.ATest#one to "
                        + blocked.resolve("com.example.ATest#one.json"))
                .hasMessageEndingWith("; set -Dscalelab.queries.dir to a writable folder, or to off");
    }
}
