package dev.scalelab.reports.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a ladder run, one repeat of it. With {@code --repeat N} a run holds N entries per step name,
 * interleaved (A B C … A B C …), told apart by {@link #repeat}.
 *
 * <p>Numbers cover the measured part of the step (after warm-up). Optional parts are null (or empty) when they
 * were not measured; the report shows them as "—" or as a "data missing" note.
 *
 * @param name                    step name, e.g. {@code eager-fetch}
 * @param repeat                  1-based repeat index; 1 when absent
 * @param status                  outcome
 * @param statusReason            why the step FAILED, ERRORed or was SKIPPED; null when PASSED
 * @param switches                the app switches of the step, e.g. {@code fetch=eager}, in display order
 * @param requests                requests completed by the client
 * @param ko                      of which failed
 * @param throughputRps           completed requests per second over the measurement
 * @param latencyMs               client-side percentiles over all requests; null when nothing was recorded
 * @param routes                  statistics by route template, in display order
 * @param nPlusOneFindings        distinct N+1 findings of the server diagnostics; null without diagnostics
 * @param cacheHitRate            fraction of cache lookups that hit, 0..1; null when no cache was consulted
 * @param identityLeaks           responses carrying another user's identity; null when the probe did not run
 * @param connectionErrors        requests that failed because the database refused a connection; null when unknown
 * @param resources               CPU and memory of app, database and injector; null when not sampled
 * @param findings                N+1 and duplicate-query findings with call sites and hints
 * @param leakExamples            a few identity-leak examples
 * @param connectionErrorExamples connection failures by kind
 * @param timeSeries              per-second samples of the measurement
 * @param asyncJobs               queue statistics; null when the step ran no background jobs
 * @param links                   Gatling report and raw files, relative to the run folder
 * @param dataMissing             what the collector could not gather, in words (e.g. "diagnostics snapshot: app
 *                                exited before the snapshot")
 * @param expect                  the status the ladder expects of the step when not PASSED (the story's naive and
 *                                shared-page-cache steps are meant to FAIL); null when it is expected to pass
 * @param errors                  the most frequent kinds of failed requests with counts, most frequent first
 * @param capacity                the highest confirmed arrival rate within the SLO ({@code --capacity}); null when
 *                                the step ran at a fixed rate only
 * @param levels                  the load levels of the capacity search in the order they ran; empty without one
 * @param bottleneck              what reached its limit first at the breaking level; null without a capacity
 *                                search or when no level broke
 */
public record StepResult(
        String name,
        int repeat,
        StepStatus status,
        String statusReason,
        Map<String, String> switches,
        long requests,
        long ko,
        double throughputRps,
        Latency latencyMs,
        Map<String, RouteStats> routes,
        Integer nPlusOneFindings,
        @JsonInclude(JsonInclude.Include.ALWAYS) Double cacheHitRate,
        Long identityLeaks,
        Long connectionErrors,
        Resources resources,
        List<Finding> findings,
        List<LeakExample> leakExamples,
        List<ConnectionErrorExample> connectionErrorExamples,
        List<TimeSample> timeSeries,
        AsyncJobs asyncJobs,
        StepLinks links,
        List<String> dataMissing,
        StepStatus expect,
        List<ErrorCount> errors,
        Capacity capacity,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CapacityLevel> levels,
        Bottleneck bottleneck) {

    public StepResult {
        Checks.required("name", name);
        if (repeat == 0) {
            repeat = 1;
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be >= 1 (1-based), found " + repeat);
        }
        if (status == null) {
            throw new IllegalArgumentException("status is required (PASSED, FAILED, ERROR or SKIPPED)");
        }
        statusReason = Checks.blankToNull(statusReason);
        Checks.nonNegative("requests", requests);
        Checks.nonNegative("ko", ko);
        if (ko > requests) {
            throw new IllegalArgumentException("ko must not exceed requests, found ko=" + ko + ", requests=" + requests);
        }
        Checks.nonNegative("throughputRps", throughputRps);
        if (nPlusOneFindings != null) {
            Checks.nonNegative("nPlusOneFindings", nPlusOneFindings.longValue());
        }
        Checks.ratio("cacheHitRate", cacheHitRate);
        Checks.nonNegative("identityLeaks", identityLeaks);
        Checks.nonNegative("connectionErrors", connectionErrors);
        switches = orderedCopy(switches);
        routes = orderedCopy(routes);
        findings = findings == null ? List.of() : List.copyOf(findings);
        leakExamples = leakExamples == null ? List.of() : List.copyOf(leakExamples);
        connectionErrorExamples = connectionErrorExamples == null ? List.of() : List.copyOf(connectionErrorExamples);
        timeSeries = timeSeries == null ? List.of() : List.copyOf(timeSeries);
        links = links == null ? StepLinks.none() : links;
        dataMissing = dataMissing == null ? List.of() : List.copyOf(dataMissing);
        if (expect == StepStatus.PASSED) {
            expect = null;
        }
        if (expect != null && expect != StepStatus.FAILED) {
            throw new IllegalArgumentException("expect must be PASSED or FAILED, found " + expect);
        }
        errors = errors == null ? List.of() : List.copyOf(errors);
        levels = levels == null ? List.of() : List.copyOf(levels);
    }

    /** The status the step should end with: {@link #expect} or PASSED. */
    public StepStatus expectedStatus() {
        return expect == null ? StepStatus.PASSED : expect;
    }

    /**
     * Whether the step ended as its ladder expects: with its expected status, or SKIPPED (a part it needs is not
     * installed; the reason says which). A step expected to fail that PASSED is not as expected.
     */
    public boolean asExpected() {
        return status == StepStatus.SKIPPED || status == expectedStatus();
    }

    /**
     * The status as the step line, the report and summary.json show it: {@code PASSED}, {@code FAILED (expected)}
     * for a step meant to fail, {@code PASSED (expected FAILED)} when it did not, {@code ERROR}.
     */
    @com.fasterxml.jackson.annotation.JsonProperty(value = "outcome", access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
    public String outcome() {
        if (expect == null || status == StepStatus.SKIPPED) {
            return status.name();
        }
        return status == expect ? status + " (expected)" : status + " (expected " + expect + ")";
    }

    private static <V> Map<String, V> orderedCopy(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Fraction of requests that failed, 0..1; 0 when there were no requests. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) ko / requests;
    }

    /** A builder with every optional part empty; {@code name} and {@code status} are required. */
    public static Builder builder(String name, StepStatus status) {
        return new Builder(name, status);
    }

    /** A builder starting from this entry's values. */
    public Builder toBuilder() {
        Builder b = new Builder(name, status);
        b.repeat = repeat;
        b.statusReason = statusReason;
        b.switches = switches;
        b.requests = requests;
        b.ko = ko;
        b.throughputRps = throughputRps;
        b.latencyMs = latencyMs;
        b.routes = routes;
        b.nPlusOneFindings = nPlusOneFindings;
        b.cacheHitRate = cacheHitRate;
        b.identityLeaks = identityLeaks;
        b.connectionErrors = connectionErrors;
        b.resources = resources;
        b.findings = findings;
        b.leakExamples = leakExamples;
        b.connectionErrorExamples = connectionErrorExamples;
        b.timeSeries = timeSeries;
        b.asyncJobs = asyncJobs;
        b.links = links;
        b.dataMissing = dataMissing;
        b.expect = expect;
        b.errors = errors;
        b.capacity = capacity;
        b.levels = levels;
        b.bottleneck = bottleneck;
        return b;
    }

    /** Builds a {@link StepResult}; the checks of the record apply on {@link #build()}. */
    public static final class Builder {
        private String name;
        private StepStatus status;
        private int repeat = 1;
        private String statusReason;
        private Map<String, String> switches = Map.of();
        private long requests;
        private long ko;
        private double throughputRps;
        private Latency latencyMs;
        private Map<String, RouteStats> routes = Map.of();
        private Integer nPlusOneFindings;
        private Double cacheHitRate;
        private Long identityLeaks;
        private Long connectionErrors;
        private Resources resources;
        private List<Finding> findings = List.of();
        private List<LeakExample> leakExamples = List.of();
        private List<ConnectionErrorExample> connectionErrorExamples = List.of();
        private List<TimeSample> timeSeries = List.of();
        private AsyncJobs asyncJobs;
        private StepLinks links = StepLinks.none();
        private List<String> dataMissing = List.of();
        private StepStatus expect;
        private List<ErrorCount> errors = List.of();
        private Capacity capacity;
        private List<CapacityLevel> levels = List.of();
        private Bottleneck bottleneck;

        private Builder(String name, StepStatus status) {
            this.name = name;
            this.status = status;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder status(StepStatus v) { status = v; return this; }
        public Builder repeat(int v) { repeat = v; return this; }
        public Builder statusReason(String v) { statusReason = v; return this; }
        public Builder switches(Map<String, String> v) { switches = v; return this; }
        public Builder requests(long v) { requests = v; return this; }
        public Builder ko(long v) { ko = v; return this; }
        public Builder throughputRps(double v) { throughputRps = v; return this; }
        public Builder latencyMs(Latency v) { latencyMs = v; return this; }
        public Builder routes(Map<String, RouteStats> v) { routes = v; return this; }
        public Builder nPlusOneFindings(Integer v) { nPlusOneFindings = v; return this; }
        public Builder cacheHitRate(Double v) { cacheHitRate = v; return this; }
        public Builder identityLeaks(Long v) { identityLeaks = v; return this; }
        public Builder connectionErrors(Long v) { connectionErrors = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }
        public Builder findings(List<Finding> v) { findings = v; return this; }
        public Builder leakExamples(List<LeakExample> v) { leakExamples = v; return this; }
        public Builder connectionErrorExamples(List<ConnectionErrorExample> v) { connectionErrorExamples = v; return this; }
        public Builder timeSeries(List<TimeSample> v) { timeSeries = v; return this; }
        public Builder asyncJobs(AsyncJobs v) { asyncJobs = v; return this; }
        public Builder links(StepLinks v) { links = v; return this; }
        public Builder dataMissing(List<String> v) { dataMissing = v; return this; }
        public Builder expect(StepStatus v) { expect = v; return this; }
        public Builder errors(List<ErrorCount> v) { errors = v; return this; }
        public Builder capacity(Capacity v) { capacity = v; return this; }
        public Builder levels(List<CapacityLevel> v) { levels = v; return this; }
        public Builder bottleneck(Bottleneck v) { bottleneck = v; return this; }

        public StepResult build() {
            return new StepResult(name, repeat, status, statusReason, switches, requests, ko, throughputRps, latencyMs,
                    routes, nPlusOneFindings, cacheHitRate, identityLeaks, connectionErrors, resources, findings,
                    leakExamples, connectionErrorExamples, timeSeries, asyncJobs, links, dataMissing, expect, errors,
                    capacity, levels, bottleneck);
        }
    }
}
