package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.scalelab.cli.AppCommandTest.Result;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real capacity search, end to end through {@code scalelab ladder --capacity}: against a server of known capacity
 * (two workers, 20 ms per request: 100 requests/s; the workload's visitor makes 10 requests, so 10 visitors/s), the
 * search finds a capacity near that limit and keeps its levels and bottleneck in the summary.
 */
class CapacityRunTest {

    static final int WORKERS = 2;
    static final int SERVICE_MS = 20;

    @Test
    void finds_the_capacity_of_a_server_with_a_fixed_worker_pool(@TempDir Path tmp) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        server.setExecutor(workers);
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(SERVICE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Path ladder = Files.writeString(tmp.resolve("tiny.yaml"), """
                    name: tiny
                    workload: {simulation: HealthLoad, rate: 2, warmupSec: 1, durationSec: 2, drainSec: 2}
                    slo: {p95Ms: 200, maxErrorRate: 0.01}
                    capacity: {startRate: 4, factor: 2, maxRate: 64, levelSec: 2, warmupSec: 1, drainSec: 1, resolution: 0.15}
                    steps:
                      - name: two-workers
                        url: http://127.0.0.1:%d
                    """.formatted(server.getAddress().getPort()));
            Path out = tmp.resolve("run");

            Result r = AppCommandTest.run("ladder", "--ladder", ladder.toString(), "--capacity", "--out", out.toString());

            assertThat(r.err()).isEmpty();
            assertThat(r.exitCode()).as(r.out()).isZero();
            assertThat(r.out()).contains("capacity  two-workers  ramp 4 visitors/s: p95 ")
                    .contains("within p95 ≤ 200 ms, errors ≤ 1 %");
            JsonNode step = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("steps").get(0);
            JsonNode capacity = step.get("capacity");
            assertThat(capacity.get("visitorsPerSec").asDouble()).as(r.out()).isBetween(5.0, 11.0);
            assertThat(capacity.get("requestsPerSec").asDouble()).as(r.out()).isBetween(45.0, 110.0);
            assertThat(capacity.get("injectorBound").asBoolean()).isFalse();
            assertThat(capacity.get("atMost").asBoolean()).isFalse();
            assertThat(capacity.at("/slo/p95Ms").asDouble()).isEqualTo(200);
            List<String> phases = new ArrayList<>();
            step.get("levels").forEach(l -> phases.add(l.get("phase").asText()));
            assertThat(phases).startsWith("ramp").contains("bisect").endsWith("confirm");
            JsonNode first = step.get("levels").get(0);
            assertThat(first.get("held").asBoolean()).isTrue();
            assertThat(first.get("offeredRps").asDouble()).isBetween(36.0, 44.0);
            assertThat(first.at("/cpuCores/injector").asDouble()).isPositive();
            JsonNode bottleneck = step.get("bottleneck");
            assertThat(bottleneck.get("sentence").asText()).startsWith("two-workers breaks at ");
            assertThat(bottleneck.get("atVisitorsPerSec").asDouble()).isGreaterThan(capacity.get("visitorsPerSec").asDouble());
            assertThat(out.resolve("two-workers/capacity/01-ramp-4/client-results.json")).isRegularFile();
        } finally {
            server.stop(0);
            workers.shutdownNow();
        }
    }
}
