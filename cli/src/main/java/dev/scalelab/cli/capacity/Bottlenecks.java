package dev.scalelab.cli.capacity;

import dev.scalelab.reports.model.Bottleneck;
import dev.scalelab.reports.model.Slo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Names what reached its limit first at the level where a step stopped holding its SLO, from that level's data, in
 * this order: the injector (then the figure is the injector's, not the app's), database connections (at the limit,
 * or refused with 53300), the pool's wait, the task queue's depth, a machine saturated by work outside the step
 * ({@code host-cpu}), a process's CPU on a saturated machine (or one
 * process using nearly every core), errors of one kind, and otherwise latency alone.
 */
public final class Bottlenecks {

    /** Refused connections with this code: PostgreSQL's too_many_connections. */
    public static final String TOO_MANY_CONNECTIONS = "53300";
    /** Refused connections with this code: the app's pool timed out waiting for a connection. */
    public static final String POOL_TIMEOUT = "pool-timeout";

    private Bottlenecks() {
    }

    /**
     * The bottleneck of a step at its breaking level.
     *
     * @param step     the step's name, for the sentence
     * @param breaking the first level that did not hold
     * @param slo      the SLO it was held to
     */
    public static Bottleneck name(String step, LevelMeasurement breaking, Slo slo) {
        LevelMeasurement m = breaking;
        String rate = CapacitySearch.format(m.offeredVisitorsPerSec());
        String at = step + " breaks at " + rate + " visitors/s: ";
        Optional<String> injector = CapacitySearch.injectorLimit(m, slo);
        if (injector.isPresent()) {
            return new Bottleneck("injector", m.offeredVisitorsPerSec(), step + " is injector-bound at " + rate
                    + " visitors/s: " + injector.get() + "; the app's capacity is higher than measured");
        }
        long refused = m.connectionErrorCodes().getOrDefault(TOO_MANY_CONNECTIONS, 0L);
        boolean atLimit = m.dbConnections() != null && m.dbConnectionLimit() != null
                && m.dbConnections() >= m.dbConnectionLimit();
        if (refused > 0 || atLimit) {
            List<String> parts = new ArrayList<>();
            parts.add("database connections exhausted" + (m.dbConnections() == null ? ""
                    : " (" + m.dbConnections() + (m.dbConnectionLimit() == null ? "" : " of " + m.dbConnectionLimit())
                    + ")"));
            if (refused > 0) {
                parts.add(refused + " refused with " + TOO_MANY_CONNECTIONS);
            }
            return new Bottleneck("db-connections", m.offeredVisitorsPerSec(), at + String.join(", ", parts));
        }
        long poolTimeouts = m.connectionErrorCodes().getOrDefault(POOL_TIMEOUT, 0L);
        if (poolTimeouts > 0) {
            return new Bottleneck("pool-wait", m.offeredVisitorsPerSec(), at + "the connection pool ran dry, "
                    + poolTimeouts + " request" + (poolTimeouts == 1 ? "" : "s") + " timed out waiting for a connection");
        }
        if (m.queueGrowing()) {
            return new Bottleneck("queue-depth", m.offeredVisitorsPerSec(), at
                    + "the task queue grew faster than the worker emptied it (from " + m.queueDepthFrom() + " to "
                    + m.queueDepthTo() + " jobs waiting or running)");
        }
        Optional<Map.Entry<String, Double>> busiest = m.cpuCores().entrySet().stream()
                .filter(e -> !e.getKey().equals("injector"))
                .max(Comparator.comparingDouble(Map.Entry::getValue));
        boolean saturated = m.hostCores() != null && m.hostCores() >= CapacitySearch.SATURATED * m.cores();
        double ours = m.cpuCores().values().stream().mapToDouble(Double::doubleValue).sum();
        if (saturated && ours < 0.5 * m.hostCores()) {
            // the machine was busy, but not with this step: its figure is the machine's, not the app's
            return new Bottleneck("host-cpu", m.offeredVisitorsPerSec(), at + String.format(Locale.ROOT,
                    "the machine was %.0f %% busy, %.0f %% of it outside this step's processes (other work on the "
                            + "machine)", 100 * m.hostCores() / m.cores(), 100 * (1 - ours / m.hostCores())));
        }
        if (busiest.isPresent()) {
            double cores = busiest.get().getValue();
            if (saturated || cores >= CapacitySearch.SATURATED * m.cores()) {
                String role = busiest.get().getKey();
                String resource = role.startsWith("app") ? "app-cpu" : role.equals("database") ? "database-cpu"
                        : role + "-cpu";
                String label = role.equals("database") ? "the database" : role.startsWith("app") ? "the app" : role;
                return new Bottleneck(resource, m.offeredVisitorsPerSec(), at + "CPU, " + label + " busiest ("
                        + String.format(Locale.ROOT, "%.1f of %d cores", cores, m.cores())
                        + (m.hostCores() == null ? "" : String.format(Locale.ROOT, ", machine %.0f %% busy",
                        100 * m.hostCores() / m.cores())) + ")");
            }
        }
        if (m.errorRate() > slo.maxErrorRate()) {
            // messages of one kind differ after their colon ("identity leak: expected Gina Caputo, saw anonymous")
            Map<String, Long> kinds = new java.util.LinkedHashMap<>();
            m.koMessages().forEach((message, count) -> kinds.merge(message.contains(": ")
                    ? message.substring(0, message.indexOf(": ")) : message, count, Long::sum));
            String top = kinds.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(e -> ", mostly " + e.getKey() + " (" + e.getValue() + ")").orElse("");
            return new Bottleneck("errors", m.offeredVisitorsPerSec(), at + CapacitySearch.percent(m.errorRate())
                    + " % of requests failed" + top);
        }
        List<String> broke = CapacitySearch.broke(m, slo);
        String latency = broke.isEmpty() ? "it did not hold" : String.join(", ", broke);
        List<String> cpu = new ArrayList<>();
        m.cpuCores().forEach((role, c) -> cpu.add(role + String.format(Locale.ROOT, " %.1f", c)));
        return new Bottleneck("latency", m.offeredVisitorsPerSec(), at + latency + " with no resource at its limit"
                + (cpu.isEmpty() ? "" : " (cores busy: " + String.join(", ", cpu) + " of " + m.cores() + ")"));
    }
}
