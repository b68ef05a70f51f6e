package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.cli.AppCommandTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baselines are validated strictly before anything runs: a broken one is one line and exit 2, and neither the
 * reference app, nor the user's start command, nor a profile folder is touched.
 */
class GateBaselineTest {
    static final String FIX = "; fix it, or delete it and record a new baseline with --update\n";
    static final String ROUTE = "\"statementsPerRequest\": 4, \"requests\": 2, \"errors\": 0,"
            + " \"statements\": {\"select 1 from t\": {\"perRequest\": 4, \"callSite\": \"A.b(A.java:1)\"}}, \"nPlusOne\": []";

    @TempDir
    Path tmp;
    Path baseline;
    Path started;

    @BeforeEach
    void files() {
        baseline = tmp.resolve("query-baseline.json");
        started = tmp.resolve("started");
    }

    /** The gate on the reference app (which would start a database and the app) and on an own app's start command. */
    List<Result> gate(String content, String... more) throws IOException {
        return gate(content.getBytes(java.nio.charset.StandardCharsets.UTF_8), more);
    }

    List<Result> gate(byte[] content, String... more) throws IOException {
        Files.write(baseline, content);
        List<String> runsBefore = gateRuns();
        Result reference = run(more, "gate", "--baseline", baseline.toString());
        Result own = run(more, "gate", "--baseline", baseline.toString(), "--workload", "builtin:query-profile",
                "--url", "http://127.0.0.1:9", "--users", tmp.resolve("users.csv").toString(), "--start", "touch " + started);
        assertThat(started).as("the start command never ran").doesNotExist();
        assertThat(gateRuns()).as("no run folder: nothing was started").isEqualTo(runsBefore);
        assertThat(own.err()).isEqualTo(reference.err());
        return List.of(reference, own);
    }

    static Result run(String[] more, String... args) {
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return AppCommandTest.run(all);
    }

    String rejected(String content, String... more) throws IOException {
        return rejected(content.getBytes(java.nio.charset.StandardCharsets.UTF_8), more);
    }

    String rejected(byte[] content, String... more) throws IOException {
        List<Result> r = gate(content, more);
        assertThat(r).allSatisfy(x -> assertThat(x.exitCode()).isEqualTo(ExitCodes.USAGE));
        assertThat(r.get(0).err().lines()).hasSize(1);
        return r.get(0).err();
    }

    String at(String path, String what) {
        return "scalelab: " + baseline + ": " + path + ": " + what + FIX;
    }

    @Nested
    class Nulls {
        @Test
        void content_null() throws IOException {
            assertThat(rejected("null")).isEqualTo(at("$", "expected a map {...}, found null"));
        }

        @Test
        void statement_count_null() throws IOException {
            assertThat(rejected("{\"schemaVersion\": 1, \"routes\": {\"GET /\": {" + ROUTE.replace(
                    "\"statementsPerRequest\": 4", "\"statementsPerRequest\": null") + "}}}"))
                    .isEqualTo(at("$.routes[\"GET /\"].statementsPerRequest", "expected a whole number >= 0, found null"));
        }

        @Test
        void n_plus_one_null() throws IOException {
            assertThat(rejected("{\"schemaVersion\": 1, \"routes\": {\"GET /\": {" + ROUTE.replace(
                    "\"nPlusOne\": []", "\"nPlusOne\": null") + "}}}"))
                    .isEqualTo(at("$.routes[\"GET /\"].nPlusOne", "expected a list of strings [...], found null"));
        }

        @Test
        void per_fingerprint_count_null() throws IOException {
            assertThat(rejected("{\"schemaVersion\": 1, \"routes\": {\"GET /\": {" + ROUTE.replace(
                    "\"perRequest\": 4", "\"perRequest\": null") + "}}}"))
                    .isEqualTo(at("$.routes[\"GET /\"].statements[\"select 1 from t\"].perRequest",
                            "expected a whole number >= 0, found null"));
        }

        @Test
        void a_route_null_and_routes_null() throws IOException {
            assertThat(rejected("{\"schemaVersion\": 1, \"routes\": {\"GET /\": null}}"))
                    .isEqualTo(at("$.routes[\"GET /\"]", "expected a map {...}, found null"));
            assertThat(rejected("{\"schemaVersion\": 1, \"routes\": null}"))
                    .isEqualTo(at("$.routes", "expected a map {...}, found null"));
        }
    }

    @Nested
    class Types {
        @Test
        void a_list_where_a_map_belongs() throws IOException {
            assertThat(rejected("{\"schemaVersion\": 1, \"routes\": []}"))
                    .isEqualTo(at("$.routes", "expected a map {...}, found a list [...]"));
            assertThat(rejected("[]")).isEqualTo(at("$", "expected a map {...}, found a list [...]"));
        }

        @Test
        void numbers_as_strings_fractions_and_negatives() throws IOException {
            String route = "{\"schemaVersion\": 1, \"routes\": {\"GET /\": {" + ROUTE + "}}}";
            assertThat(rejected(route.replace("\"statementsPerRequest\": 4", "\"statementsPerRequest\": \"4\"")))
                    .isEqualTo(at("$.routes[\"GET /\"].statementsPerRequest",
                            "expected a whole number >= 0, found the string \"4\""));
            assertThat(rejected(route.replace("\"statementsPerRequest\": 4", "\"statementsPerRequest\": 4.5")))
                    .isEqualTo(at("$.routes[\"GET /\"].statementsPerRequest", "expected a whole number >= 0, found 4.5"));
            assertThat(rejected(route.replace("\"statementsPerRequest\": 4", "\"statementsPerRequest\": -1")))
                    .isEqualTo(at("$.routes[\"GET /\"].statementsPerRequest", "expected a whole number >= 0, found -1"));
        }

        @Test
        void a_missing_count_and_every_further_problem_counted() throws IOException {
            assertThat(rejected("{\"schemaVersion\": 1, \"routes\": {\"GET /\": {\"statements\": {}}}}"))
                    .isEqualTo("scalelab: " + baseline + ": $.routes[\"GET /\"].statementsPerRequest: expected a whole"
                            + " number >= 0, found nothing (the key is missing) (and 1 more problem)" + FIX);
        }

        @Test
        void unknown_keys_such_as_a_misspelt_allowance() throws IOException {
            assertThat(rejected("{\"schemaVersion\": 1, \"routes\": {\"GET /\": {" + ROUTE
                    + ", \"alowance\": {\"max\": 9, \"reason\": \"r\"}}}}"))
                    .isEqualTo(at("$.routes[\"GET /\"].alowance", "unknown key, expected one of allowance, errors,"
                            + " nPlusOne, requests, statements, statementsPerRequest"));
        }

        @Test
        void an_allowance_without_a_reason_or_with_a_null_max() throws IOException {
            assertThat(rejected("{\"schemaVersion\": 1, \"routes\": {\"GET /\": {" + ROUTE
                    + ", \"allowance\": {\"max\": 9}}}}"))
                    .isEqualTo(at("$.routes[\"GET /\"].allowance.reason",
                            "expected a string, found nothing (the key is missing)"));
            assertThat(rejected("{\"schemaVersion\": 1, \"routes\": {\"GET /\": {" + ROUTE
                    + ", \"allowance\": {\"max\": null, \"reason\": \"r\"}}}}"))
                    .isEqualTo(at("$.routes[\"GET /\"].allowance.max", "expected a whole number >= 0, found null"));
        }
    }

    @Nested
    class Files_ {
        @Test
        void schema_version_missing_or_other() throws IOException {
            assertThat(rejected("{\"routes\": {}}"))
                    .isEqualTo(at("$.schemaVersion", "expected a whole number >= 1, found nothing (the key is missing)"));
            assertThat(rejected("{\"schemaVersion\": 2, \"routes\": {}}")).isEqualTo("scalelab: " + baseline
                    + " has schemaVersion 2, this scalelab reads 1; record a new baseline with --update\n");
        }

        @Test
        void empty_not_json_duplicate_keys_and_too_deep() throws IOException {
            String not = "scalelab: " + baseline + " is not a valid baseline";
            assertThat(rejected("  \n")).isEqualTo("scalelab: " + baseline
                    + " is empty, expected a valid baseline (a JSON object)" + FIX);
            assertThat(rejected("{\"schemaVersion\": 1} {}")).isEqualTo(not
                    + ": invalid JSON at line 1, column 22 (more content after the JSON value)" + FIX);
            assertThat(rejected("{\"schemaVersion\": 1, \"schemaVersion\": 1}")).isEqualTo(not
                    + ": invalid JSON at line 1, column 37 (Duplicate field 'schemaVersion')" + FIX);
            assertThat(rejected("[".repeat(5000) + "]".repeat(5000))).isEqualTo(not + ": nested more than 32 levels deep"
                    + FIX);
        }

        @Test
        void not_utf8() throws IOException {
            assertThat(rejected(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'})).isEqualTo("scalelab: "
                    + baseline + " is not a valid baseline: not UTF-8 text" + FIX);
        }

        @Test
        void a_folder() throws IOException {
            Result r = AppCommandTest.run("gate", "--baseline", tmp.toString());
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).isEqualTo("scalelab: " + tmp + " is a folder; --baseline takes the baseline file (JSON)\n");
        }

        @Test
        void update_over_a_broken_baseline_stops_too_so_its_allowances_are_not_lost() throws IOException {
            assertThat(rejected("{\"schemaVersion\": 1, \"routes\": null}", "--update"))
                    .isEqualTo(at("$.routes", "expected a map {...}, found null"));
        }
    }

    /** The gate's run folders under the working directory (each HTTP gate run makes one before it starts anything). */
    static List<String> gateRuns() throws IOException {
        Path runs = Path.of("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (var s = Files.list(runs)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("gate-")).sorted().toList();
        }
    }
}
