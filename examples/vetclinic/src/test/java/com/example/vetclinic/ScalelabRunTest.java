package com.example.vetclinic;

import com.example.vetclinic.owners.Owner;
import com.example.vetclinic.owners.OwnerRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The five-minute path end to end: scalelab's CLI ({@code cli/target/scalelab.jar}, as a user runs it) loads this
 * app under a workload file, once while it runs (the token in {@code SCALELAB_DIAGNOSTICS_TOKEN}) and once started
 * by scalelab with no setting at all. Statements per route come from the starter's snapshot, so the owner page
 * counts the three statements its template runs after the response committed, which {@code Server-Timing} cannot.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scalelab.diagnostics.endpoint.token=" + ScalelabRunTest.TOKEN})
class ScalelabRunTest extends ClinicDatabase {
    static final String TOKEN = "vetclinic-cli-token-0123456";
    static final Path CLI = Path.of("../../cli/target/scalelab.jar");

    @Autowired
    Environment environment;
    @Autowired
    OwnerRepository owners;
    int port;

    @BeforeEach
    void server() {
        port = environment.getRequiredProperty("local.server.port", Integer.class);
        assertThat(CLI).as("scalelab's CLI jar; build it first: ./mvnw -pl cli -am package -DskipTests").isRegularFile();
    }

    /** Both owner routes under a light load, named by the app's route templates. */
    private Path workload(Path dir) throws IOException {
        String ids = owners.findAll().stream().map(Owner::getId).map(String::valueOf).collect(Collectors.joining(", "));
        return Files.writeString(dir.resolve("vetclinic.yaml"), """
                name: vetclinic
                load: {rate: 2, warmupSec: 8, durationSec: 5, drainSec: 5}
                probes: {health: /actuator/health, cache: []}
                feeders:
                  owners: {list: [%s], order: circular}
                journeys:
                  - name: browse
                    share: 1
                    requests:
                      - name: GET /owners
                        get: /owners
                      - name: GET /owners/{ownerId}
                        get: /owners/${owners}
                """.formatted(ids));
    }

    @Test
    void aRunAgainstTheRunningApp_countsTheOwnerPagesRenderingStatements_andNamesTheNPlusOne(@TempDir Path tmp)
            throws Exception {
        Path out = tmp.resolve("run");

        Cli r = cli(Map.of("SCALELAB_DIAGNOSTICS_TOKEN", TOKEN), "run", "--workload", workload(tmp).toString(),
                "--url", "http://127.0.0.1:" + port, "--out", out.toString());

        assertThat(r.exit).as(r.output).isZero();
        assertExactCounts(out);
    }

    @Test
    void aRunThatStartsTheApp_givesItTheTokenItself(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        String start = String.join(" ", javaCommand(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                quote(System.getProperty("java.class.path")), VetClinicApplication.class.getName(),
                quote("--spring.datasource.url=" + environment.getRequiredProperty("spring.datasource.url")),
                quote("--spring.jpa.properties.hibernate.default_schema=" + schema()));

        Cli r = cli(Map.of(), "run", "--workload", workload(tmp).toString(), "--start", start,
                "--out", out.toString());

        assertThat(r.exit).as(r.output).isZero();
        assertExactCounts(out);
    }

    @SuppressWarnings("unchecked")
    private static void assertExactCounts(Path out) throws IOException {
        Map<String, Object> summary = JsonParserFactory.getJsonParser().parseMap(Files.readString(out.resolve("summary.json")));
        Map<String, Object> step = ((List<Map<String, Object>>) summary.get("steps")).get(0);
        assertThat(step.get("status")).as(step.toString()).isEqualTo("PASSED");
        Map<String, Map<String, Object>> routes = (Map<String, Map<String, Object>>) step.get("routes");
        Map<String, Object> ownerPage = routes.get("GET /owners/{ownerId}");
        // the owner, the @Async upcoming visits; then, while the template renders: open visits twice and the pets
        assertThat(ownerPage).as(routes.toString()).containsEntry("statementsPerRequest", 5.0)
                .containsEntry("statementsAfterCommit", 3.0).containsEntry("statementsSource", "diagnostics");
        assertThat(routes.get("GET /owners")).as(routes.toString()).containsEntry("statementsPerRequest", 11.0);
        assertThat(((Number) step.get("nPlusOneFindings")).intValue()).as(step.toString()).isEqualTo(1);
        List<String> nPlusOne = ((List<Map<String, Object>>) step.get("findings")).stream()
                .filter(f -> "N_PLUS_ONE".equals(f.get("kind")))
                .map(f -> f.get("route") + " " + f.get("callSite")).toList();
        assertThat(nPlusOne).singleElement().asString()
                .matches("GET /owners OwnerDirectory\\.rows\\(OwnerDirectory\\.java:\\d+\\)");
        assertThat(Files.readString(out.resolve("report.md"))).contains("GET /owners/{ownerId}");
    }

    record Cli(int exit, String output) {
    }

    private static Cli cli(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaCommand(), "-jar", CLI.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().remove("SCALELAB_DIAGNOSTICS_ENDPOINT_TOKEN");
        if (!env.containsKey("SCALELAB_DIAGNOSTICS_TOKEN")) {
            pb.environment().remove("SCALELAB_DIAGNOSTICS_TOKEN");
        }
        Path log = Files.createTempFile("scalelab-cli", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(4, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Cli(-1, "timed out; " + Files.readString(log));
            }
            return new Cli(p.exitValue(), Files.readString(log));
        } finally {
            p.destroy();
            Files.deleteIfExists(log);
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

}
