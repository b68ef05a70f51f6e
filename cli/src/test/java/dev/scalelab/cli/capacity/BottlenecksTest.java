package dev.scalelab.cli.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scalelab.reports.model.Bottleneck;
import dev.scalelab.reports.model.Latency;
import dev.scalelab.reports.model.Slo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BottlenecksTest {

    static LevelMeasurement level(double rate, long requests, long ko, Map<String, Long> messages,
                                  Map<String, Long> codes, Map<String, Double> cpu, Double host, Integer connections,
                                  Integer limit, boolean queueGrowing) {
        return new LevelMeasurement(rate, rate * 4, rate * 3.5, new Latency(300, 812, 1200, 2000), requests, ko,
                messages, codes, cpu, host, 2, connections, limit, null, 1.0, queueGrowing ? 3L : null,
                queueGrowing ? 48L : null);
    }

    static final Map<String, Double> CALM = Map.of("app", 0.4, "database", 0.3, "injector", 0.1);

    @Test
    void connectionsAtMaxConnectionsWithRefusalsAreTheDatabasesConnections() {
        Bottleneck b = Bottlenecks.name("naive", level(5, 400, 40, Map.of("status 503", 40L), Map.of("53300", 40L),
                CALM, 1.0, 40, 40, false), Slo.DEFAULT);
        assertEquals("db-connections", b.resource());
        assertEquals(5, b.atVisitorsPerSec());
        assertEquals("naive breaks at 5 visitors/s: database connections exhausted (40 of 40), 40 refused with 53300",
                b.sentence());
    }

    @Test
    void connectionsAtTheLimitWithoutRefusalsStillNameTheConnections() {
        Bottleneck b = Bottlenecks.name("naive", level(4.5, 400, 0, Map.of(), Map.of(), CALM, 1.0, 100, 100, false),
                Slo.DEFAULT);
        assertEquals("naive breaks at 4.5 visitors/s: database connections exhausted (100 of 100)", b.sentence());
    }

    @Test
    void poolTimeoutsAreThePoolsWait() {
        Bottleneck b = Bottlenecks.name("connection-pool", level(40, 400, 12, Map.of(), Map.of("pool-timeout", 12L),
                CALM, 1.0, 12, 100, false), Slo.DEFAULT);
        assertEquals("pool-wait", b.resource());
        assertEquals("connection-pool breaks at 40 visitors/s: the connection pool ran dry, 12 requests timed out "
                + "waiting for a connection", b.sentence());
    }

    @Test
    void aGrowingQueueIsTheQueueDepth() {
        Bottleneck b = Bottlenecks.name("async-tasks", level(30, 400, 0, Map.of(), Map.of(), CALM, 1.0, 12, 100, true),
                Slo.DEFAULT);
        assertEquals("queue-depth", b.resource());
        assertEquals("async-tasks breaks at 30 visitors/s: the task queue grew faster than the worker emptied it"
                + " (from 3 to 48 jobs waiting or running)", b.sentence());
    }

    @Test
    void theBusiestProcessOfASaturatedMachineIsTheCpuBottleneck() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("app", 1.3);
        cpu.put("database", 0.4);
        cpu.put("injector", 0.2);
        Bottleneck b = Bottlenecks.name("eager-fetch", level(24, 400, 0, Map.of(), Map.of(), cpu, 1.9, 10, 100, false),
                Slo.DEFAULT);
        assertEquals("app-cpu", b.resource());
        assertEquals("eager-fetch breaks at 24 visitors/s: CPU, the app busiest (1.3 of 2 cores, machine 95 % busy)",
                b.sentence());

        cpu.put("database", 1.4);
        assertEquals("database-cpu", Bottlenecks.name("naive", level(3, 400, 0, Map.of(), Map.of(), cpu, 1.95, 10,
                100, false), Slo.DEFAULT).resource());
    }

    @Test
    void aMachineSaturatedByWorkOutsideTheStepIsNotTheAppsCpu() {
        Bottleneck b = Bottlenecks.name("naive", level(2, 40, 0, Map.of(), Map.of(), Map.of("app", 0.2, "database",
                0.1, "injector", 0.1), 1.98, 5, 40, false), Slo.DEFAULT);
        assertEquals("host-cpu", b.resource());
        assertEquals("naive breaks at 2 visitors/s: the machine was 99 % busy, 80 % of it outside this step's "
                + "processes (other work on the machine)", b.sentence());
    }

    @Test
    void anInjectorAtItsLimitIsNamedAndTheFigureIsNotTheApps() {
        Map<String, Double> cpu = Map.of("app", 0.7, "database", 0.4, "injector", 0.7);
        Bottleneck b = Bottlenecks.name("fragment-cache", level(128, 4000, 0, Map.of(), Map.of(), cpu, 1.9, 10, 100,
                false), Slo.DEFAULT);
        assertEquals("injector", b.resource());
        assertEquals("fragment-cache is injector-bound at 128 visitors/s: it used 0.70 cores, its share of 2 on a "
                + "saturated machine (95 % busy); the app's capacity is higher than measured", b.sentence());
    }

    @Test
    void errorsOfOneKindWithoutAResourceAtItsLimitAreErrors() {
        Bottleneck b = Bottlenecks.name("page-cache-shared", level(20, 400, 40,
                Map.of("status.find.is(200), but actually found 500", 40L), Map.of(), CALM, 1.0, 10, 100, false),
                Slo.DEFAULT);
        assertEquals("errors", b.resource());
        assertEquals("page-cache-shared breaks at 20 visitors/s: 10 % of requests failed, mostly "
                + "status.find.is(200), but actually found 500 (40)", b.sentence());
    }

    @Test
    void errorsOfOneKindAreCountedTogether() {
        Map<String, Long> messages = new LinkedHashMap<>();
        messages.put("status.find.is(200), but actually found 500", 3L);
        messages.put("identity leak: expected Gina Caputo, saw anonymous", 2L);
        messages.put("identity leak: expected anonymous, saw Fatima Shaw", 2L);
        Bottleneck b = Bottlenecks.name("page-cache-shared", level(1, 20, 7, messages, Map.of(), CALM, 1.0, 5, 40,
                false), Slo.DEFAULT);
        assertEquals("page-cache-shared breaks at 1 visitors/s: 35 % of requests failed, mostly identity leak (4)",
                b.sentence());
    }

    @Test
    void slowWithNothingAtItsLimitIsLatency() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("app", 0.4);
        cpu.put("database", 0.3);
        Bottleneck b = Bottlenecks.name("naive", level(6, 400, 0, Map.of(), Map.of(), cpu, 0.9, 10, 100, false),
                Slo.DEFAULT);
        assertEquals("latency", b.resource());
        assertEquals("naive breaks at 6 visitors/s: p95 812 ms > 500 ms, throughput 21 of 24 requests/s offered "
                + "(87.5 % < 95 %) with no resource at its limit (cores busy: app 0.4, database 0.3 of 2)",
                b.sentence());
        LevelMeasurement behind = new LevelMeasurement(6, 40, 30, new Latency(50, 299, 300, 310), 150, 0, Map.of(),
                Map.of(), cpu, 0.9, 2, 10, 100, null, 1.0, null, null);
        assertEquals("naive breaks at 6 visitors/s: throughput 30 of 40 requests/s offered (75 % < 95 %) with no "
                + "resource at its limit (cores busy: app 0.4, database 0.3 of 2)",
                Bottlenecks.name("naive", behind, Slo.DEFAULT).sentence());
    }
}
