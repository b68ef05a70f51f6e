package com.example.vetclinic;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.DiagnosticsSnapshot.FindingStats;
import dev.scalelab.diagnostics.DiagnosticsSnapshot.UnitStats;
import dev.scalelab.diagnostics.Finding;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example app with nothing but the starter on its classpath and two properties (a trace file and the
 * endpoint's token), on a real server and real PostgreSQL: what a user sees in the log, in the headers, in the
 * snapshot and in the trace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scalelab.diagnostics.trace-file=target/vetclinic-trace.jsonl",
        "scalelab.diagnostics.endpoint.token=" + VetClinicDiagnosticsTest.TOKEN,
        "management.endpoints.web.exposure.include=health,scalelab"})
@ExtendWith(OutputCaptureExtension.class)
class VetClinicDiagnosticsTest extends ClinicDatabase {
    static final String TOKEN = "vetclinic-test-token-0123";
    static final Path TRACE = Path.of("target/vetclinic-trace.jsonl");

    @Autowired
    Diagnostics diagnostics;
    @Autowired
    Environment environment;
    int port;

    @BeforeEach
    void server() {
        port = environment.getRequiredProperty("local.server.port", Integer.class);
    }

    @Test
    void ownersList_NPlusOne_isLoggedAndInTheSnapshotWithTheAppsCallSite(CapturedOutput output) throws Exception {
        HttpResponse<String> page = Http.get(port, "/owners");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Sam Acosta", "Cat of Acosta, Dog of Acosta");
        UnitStats owners = awaitUnit("GET /owners", 1);
        assertThat(owners.findings()).hasSize(1);
        FindingStats nPlusOne = owners.findings().get(0);
        assertThat(nPlusOne.kind()).isEqualTo(Finding.Kind.N_PLUS_ONE);
        assertThat(nPlusOne.maxCount()).isEqualTo(10);
        assertThat(nPlusOne.fingerprint()).contains("from " + schema() + ".clinic_pet p1_0 where p1_0.owner_id = ? order by p1_0.name");
        assertThat(nPlusOne.callSite()).matches("OwnerDirectory\\.rows\\(OwnerDirectory\\.java:\\d+\\)");
        assertThat(output.getOut()).containsPattern("WARN .* dev\\.scalelab\\.diagnostics\\s*: scalelab: GET /owners: N\\+1: 10 × select .*clinic_pet"
                + ".* at OwnerDirectory\\.rows\\(OwnerDirectory\\.java:\\d+\\) \\(\\d+\\.\\d{3} ms\\) — ");
        assertThat(page.headers().firstValue("Server-Timing")).hasValueSatisfying(
                value -> assertThat(value).matches("db;dur=\\d+\\.\\d{3};desc=\"11 statements( before the response committed)?\""));
    }

    @Test
    void ownerPage_duplicateReadWhileRendering_andTheAsyncQuery_countTowardTheRequest() throws Exception {
        long ownerId = firstOwnerId();
        HttpResponse<String> page = Http.get(port, "/owners/" + ownerId);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("1 open visits", "check-up for Dog of");
        UnitStats detail = awaitUnit("GET /owners/{ownerId}", 1);
        assertThat(detail.findings()).hasSize(1);
        FindingStats duplicate = detail.findings().get(0);
        assertThat(duplicate.kind()).isEqualTo(Finding.Kind.DUPLICATE);
        assertThat(duplicate.maxCount()).isEqualTo(2);
        assertThat(duplicate.fingerprint()).contains("count(", "clinic_visit");
        assertThat(duplicate.callSite()).matches("VisitLedger\\.openVisits\\(VisitLedger\\.java:\\d+\\)");

        List<String> trace = awaitTrace("GET /owners/{ownerId}");
        long lastUnit = trace.stream().mapToLong(VetClinicDiagnosticsTest::unitId).max().orElseThrow();
        assertThat(trace).filteredOn(line -> unitId(line) == lastUnit)
                .filteredOn(line -> line.contains("ReminderService.upcomingFor(ReminderService.java:"))
                .singleElement().satisfies(line -> assertThat(line).contains("\"thread\":\"task-"));
    }

    /**
     * The page renders after its response committed: the header can carry only what ran before (and says so),
     * the trailer the final count; the snapshot and the trace count every statement.
     */
    @Test
    void ownerPage_trailerSnapshotAndTrace_countTheSameStatements_theHeaderSaysWhatItCovers() throws Exception {
        long ownerId = firstOwnerId();
        diagnostics.reset();
        Trailers.Response page = Trailers.get(port, "/owners/" + ownerId);

        assertThat(page.status()).isEqualTo(200);
        UnitStats detail = awaitUnit("GET /owners/{ownerId}", 1);
        assertThat(detail.requests()).isEqualTo(1);
        List<String> trace = awaitTrace("GET /owners/{ownerId}");
        long lastUnit = trace.stream().mapToLong(VetClinicDiagnosticsTest::unitId).max().orElseThrow();
        long inTrace = trace.stream().filter(line -> unitId(line) == lastUnit).count();
        // before the body: the owner and the @Async upcoming visits; while the template renders: open visits
        // twice and the owner's pets
        assertThat(inTrace).isEqualTo(5);
        assertThat(detail.statements()).isEqualTo(inTrace);
        assertThat(page.headers().get("server-timing"))
                .matches("db;dur=\\d+\\.\\d{3};desc=\"2 statements before the response committed\"");
        assertThat(page.trailers().get("server-timing")).matches("db;dur=\\d+\\.\\d{3};desc=\"5 statements\"");
    }

    @Test
    void endpoint_answersLoopbackClientsWithTheToken_only() throws Exception {
        Http.get(port, "/owners");

        assertThat(Http.get(port, "/actuator/scalelab").statusCode()).isEqualTo(401);
        assertThat(Http.get(port, "/actuator/scalelab", "X-Scalelab-Token", "wrong-token-wrong-token").statusCode())
                .isEqualTo(401);
        HttpResponse<String> snapshot = Http.get(port, "/actuator/scalelab", "Authorization", "Bearer " + TOKEN);
        assertThat(snapshot.statusCode()).isEqualTo(200);
        assertThat(snapshot.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(snapshot.body()).startsWith("{").contains("\"GET /owners\"");
    }

    @Test
    void theLibrarysOwnPath_servesTheSnapshotWithoutActuator_andResets() throws Exception {
        Http.get(port, "/owners");
        Http.await(() -> diagnostics.snapshot().unit("GET /owners").isPresent());

        assertThat(Http.get(port, "/_scalelab/diagnostics").statusCode()).isEqualTo(401);
        assertThat(Http.send(port, "PUT", "/_scalelab/diagnostics", "X-Scalelab-Token", TOKEN).statusCode())
                .isEqualTo(405);
        HttpResponse<String> snapshot = Http.get(port, "/_scalelab/diagnostics", "X-Scalelab-Token", TOKEN);
        assertThat(snapshot.statusCode()).isEqualTo(200);
        assertThat(snapshot.body()).startsWith("{").contains("\"GET /owners\"").doesNotContain("_scalelab");
        HttpResponse<String> reset = Http.send(port, "POST", "/_scalelab/diagnostics/reset", "X-Scalelab-Token", TOKEN);
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(reset.body()).contains("\"GET /owners\"");
        assertThat(diagnostics.snapshot().unit("GET /owners")).isEmpty();
    }

    private long firstOwnerId() throws IOException, InterruptedException {
        Matcher link = Pattern.compile("href=\"/owners/(\\d+)\"").matcher(Http.get(port, "/owners").body());
        assertThat(link.find()).as("a link to an owner on /owners").isTrue();
        return Long.parseLong(link.group(1));
    }

    private UnitStats awaitUnit(String name, long requests) throws InterruptedException {
        Http.await(() -> diagnostics.snapshot().unit(name).map(u -> u.requests() >= requests).orElse(false));
        Optional<UnitStats> unit = diagnostics.snapshot().unit(name);
        assertThat(unit).as("unit %s in the snapshot", name).isPresent();
        return unit.get();
    }

    private static List<String> awaitTrace(String unit) throws IOException, InterruptedException {
        String key = "\"unit\":\"" + unit + "\"";
        Http.await(() -> readTrace().stream().anyMatch(line -> line.contains(key)));
        return readTrace().stream().filter(line -> line.contains(key)).toList();
    }

    private static List<String> readTrace() {
        try {
            return Files.exists(TRACE) ? Files.readAllLines(TRACE) : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long unitId(String line) {
        Matcher m = Pattern.compile("\"unitId\":(\\d+)").matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
