package dev.scalelab.reports.compare;

import dev.scalelab.reports.model.Latency;
import dev.scalelab.reports.model.ProcessResources;
import dev.scalelab.reports.model.Resources;
import dev.scalelab.reports.model.RouteStats;
import dev.scalelab.reports.model.StepResult;

import java.util.List;
import java.util.function.Function;

/**
 * A number the report compares between steps: how to read it from one run, how to show it, how to show its
 * change, and which direction is an improvement.
 *
 * @param key        stable identifier (CSS classes, tests)
 * @param label      column or chart label, e.g. "p95"
 * @param unit       unit shown after the label, e.g. "ms"; empty for counts
 * @param better     which direction is an improvement
 * @param change     how a change is expressed
 * @param valueStyle how a value is expressed
 * @param read       the value in one run; null when not measured
 */
public record Metric(String key, String label, String unit, Better better, Change change, ValueStyle valueStyle,
                     Function<StepResult, Double> read) {

    /** Which direction of change is an improvement. */
    public enum Better { LOWER, HIGHER, NEITHER }

    /** How a change is expressed: relative to the earlier value, in percentage points, or as a difference. */
    public enum Change { RELATIVE, POINTS, COUNT }

    /** How a value is shown: a plain number, a 0..1 fraction as percent, or a value already in percent. */
    public enum ValueStyle { NUMBER, FRACTION, PERCENT }

    public static final Metric THROUGHPUT = new Metric("throughput", "Throughput", "req/s", Better.HIGHER,
            Change.RELATIVE, ValueStyle.NUMBER, s -> s.throughputRps());
    public static final Metric P50 = new Metric("p50", "p50", "ms", Better.LOWER, Change.RELATIVE, ValueStyle.NUMBER,
            s -> latency(s, Latency::p50));
    public static final Metric P95 = new Metric("p95", "p95", "ms", Better.LOWER, Change.RELATIVE, ValueStyle.NUMBER,
            s -> latency(s, Latency::p95));
    public static final Metric P99 = new Metric("p99", "p99", "ms", Better.LOWER, Change.RELATIVE, ValueStyle.NUMBER,
            s -> latency(s, Latency::p99));
    public static final Metric ERROR_RATE = new Metric("errors", "Errors", "%", Better.LOWER, Change.POINTS,
            ValueStyle.FRACTION, s -> s.requests() == 0 ? null : s.errorRate());
    public static final Metric N_PLUS_ONE = new Metric("nplusone", "N+1 findings", "", Better.LOWER, Change.COUNT,
            ValueStyle.NUMBER, s -> s.nPlusOneFindings() == null ? null : s.nPlusOneFindings().doubleValue());
    public static final Metric CACHE_HIT_RATE = new Metric("cache", "Cache hit rate", "%", Better.HIGHER,
            Change.POINTS, ValueStyle.FRACTION, StepResult::cacheHitRate);
    public static final Metric IDENTITY_LEAKS = new Metric("leaks", "Identity leaks", "", Better.LOWER, Change.COUNT,
            ValueStyle.NUMBER, s -> s.identityLeaks() == null ? null : s.identityLeaks().doubleValue());
    public static final Metric CONNECTION_ERRORS = new Metric("connerrors", "Connection errors", "", Better.LOWER,
            Change.COUNT, ValueStyle.NUMBER,
            s -> s.connectionErrors() == null ? null : s.connectionErrors().doubleValue());
    public static final Metric APP_CPU = new Metric("appcpu", "App CPU", "%", Better.NEITHER, Change.RELATIVE,
            ValueStyle.PERCENT, s -> resource(s, Resources::app, ProcessResources::cpuPercent));
    public static final Metric DB_CPU = new Metric("dbcpu", "DB CPU", "%", Better.NEITHER, Change.RELATIVE,
            ValueStyle.PERCENT, s -> resource(s, Resources::database, ProcessResources::cpuPercent));
    public static final Metric INJECTOR_CPU = new Metric("injcpu", "Injector CPU", "%", Better.NEITHER,
            Change.RELATIVE, ValueStyle.PERCENT, s -> resource(s, Resources::injector, ProcessResources::cpuPercent));
    public static final Metric APP_RSS = new Metric("apprss", "App memory", "MB", Better.NEITHER, Change.RELATIVE,
            ValueStyle.NUMBER, s -> resource(s, Resources::app, ProcessResources::rssMb));
    public static final Metric DB_RSS = new Metric("dbrss", "DB memory", "MB", Better.NEITHER, Change.RELATIVE,
            ValueStyle.NUMBER, s -> resource(s, Resources::database, ProcessResources::rssMb));
    public static final Metric INJECTOR_RSS = new Metric("injrss", "Injector memory", "MB", Better.NEITHER,
            Change.RELATIVE, ValueStyle.NUMBER, s -> resource(s, Resources::injector, ProcessResources::rssMb));
    public static final Metric JOB_P95 = new Metric("jobp95", "Job enqueue-to-done p95", "ms", Better.LOWER,
            Change.RELATIVE, ValueStyle.NUMBER,
            s -> s.asyncJobs() == null ? null : s.asyncJobs().enqueueToDoneP95Ms());

    /** Mean statements per request of one route, e.g. the home page. */
    public static Metric statementsPerRequest(String route, String label) {
        return new Metric("stmts", label, "", Better.LOWER, Change.RELATIVE, ValueStyle.NUMBER,
                s -> route(s, route, RouteStats::statementsPerRequest));
    }

    /** The p95 of one route. */
    public static Metric routeP95(String route) {
        return new Metric("routep95", route + " p95", "ms", Better.LOWER, Change.RELATIVE, ValueStyle.NUMBER,
                s -> route(s, route, r -> r.latencyMs() == null ? null : r.latencyMs().p95()));
    }

    /** The columns of the headline table, in order. */
    public static List<Metric> headline(String homeRoute) {
        return List.of(THROUGHPUT, P50, P95, P99, ERROR_RATE, statementsPerRequest(homeRoute, "Home stmts/req"),
                N_PLUS_ONE, CACHE_HIT_RATE, IDENTITY_LEAKS, CONNECTION_ERRORS, APP_CPU, DB_CPU);
    }

    /** Label with unit, e.g. "p95 (ms)". */
    public String labelWithUnit() {
        return unit.isEmpty() ? label : label + " (" + unit + ")";
    }

    /** A value of this metric as text, e.g. "813", "0.4 %", "143 %". */
    public String format(double value) {
        return switch (valueStyle) {
            case NUMBER -> Format.number(value);
            case FRACTION -> Format.fractionAsPercent(value);
            case PERCENT -> Format.percent(value);
        };
    }

    /** The change from {@code before} to {@code after} as text, e.g. "−87 %", "+92 pp", "+37". */
    public String formatChange(double before, double after) {
        return switch (change) {
            case RELATIVE -> Format.relativeChange(before, after);
            case POINTS -> Format.pointsChange(before, after);
            case COUNT -> before > 0 ? Format.relativeChange(before, after) : Format.countChange(before, after);
        };
    }

    private static Double latency(StepResult s, Function<Latency, Double> part) {
        return s.latencyMs() == null || s.requests() == 0 ? null : part.apply(s.latencyMs());
    }

    private static Double resource(StepResult s, Function<Resources, ProcessResources> process,
                                   Function<ProcessResources, Double> part) {
        if (s.resources() == null) {
            return null;
        }
        ProcessResources p = process.apply(s.resources());
        return p == null ? null : part.apply(p);
    }

    private static Double route(StepResult s, String route, Function<RouteStats, Double> part) {
        RouteStats r = s.routes().get(route);
        return r == null ? null : part.apply(r);
    }
}
