package dev.scalelab.loadtests.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Everything one load-test run measured on the client side, as written to one JSON file at the
 * end of the run ({@link #write(Path)}, atomically) and read back by the runner and the CLI
 * ({@link #read(Path)}).
 *
 * <p>Routes and totals cover the measurement window only: requests <em>issued</em> after the
 * warm-up and before the end of the configured duration. Requests of the warm-up and of the drain
 * (visits still finishing after the duration) are counted in {@link #warmup()} and
 * {@link #drain()}. The time series covers the whole run, bucketed by the second a response
 * arrived, counted from {@link RunInfo#startedAtEpochMs()}.
 *
 * @param schemaVersion   {@value #SCHEMA_VERSION} for this layout; readers reject newer major versions
 * @param simulation      simple name of the simulation, e.g. {@code StoryWorkload}
 * @param run             what was run, when, with which parameters
 * @param total           all routes together (same shape as a route, name {@code all})
 * @param routes          one entry per request name (and audience), in order of first appearance
 * @param identityLeaks   pages that greeted someone else, with a few examples
 * @param warmup          what happened during the warm-up (not in routes)
 * @param drain           requests issued after the measurement window (not in routes)
 * @param unfinishedVisits virtual users whose visit the end of the run cut short (their last
 *                        request may never have completed)
 * @param timeSeries      per second of the run: requests, KOs, connection errors, p95
 * @param injector        CPU and wall time the load generator used while injecting
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ClientResults(
        int schemaVersion,
        String simulation,
        RunInfo run,
        RouteResult total,
        List<RouteResult> routes,
        IdentityLeaks identityLeaks,
        PhaseCounts warmup,
        PhaseCounts drain,
        long unfinishedVisits,
        List<SecondSample> timeSeries,
        InjectorStats injector) {

    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ClientResults {
        routes = routes == null ? List.of() : List.copyOf(routes);
        timeSeries = timeSeries == null ? List.of() : List.copyOf(timeSeries);
    }

    /**
     * What was run.
     *
     * @param baseUrl                     target of the load
     * @param recorder                    false when the run was made with the recorder off (only
     *                                    run info and injector figures are then meaningful)
     * @param startedAtEpochMs            start of injection
     * @param measurementStartedAtEpochMs end of warm-up
     * @param endedAtEpochMs              when the last virtual user finished
     * @param measuredSec                 length of the measurement window, the denominator of throughputRps
     * @param visitors                    virtual users started (all phases)
     * @param signedInVisitors            of which signed in
     * @param usersAvailable              rows of the users CSV (0 when none was used)
     * @param parameters                  the simulation's system properties, as given
     */
    public record RunInfo(
            String baseUrl,
            boolean recorder,
            long startedAtEpochMs,
            long measurementStartedAtEpochMs,
            long endedAtEpochMs,
            double measuredSec,
            long visitors,
            long signedInVisitors,
            long usersAvailable,
            Map<String, String> parameters) {

        public RunInfo {
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        }
    }

    /**
     * One request name (route template), optionally split by audience.
     *
     * @param name                 request name, e.g. {@code GET /articles/{id}}; {@code all} for the total
     * @param audience             {@code anonymous} / {@code signed-in}, or null when not split
     * @param requests             requests issued in the measurement window and completed
     * @param ok                   of which OK
     * @param ko                   of which KO
     * @param throughputRps        requests / measuredSec
     * @param latencyMs            response time of all requests (OK and KO) that got a response
     *                             ({@code noResponse} ones have no response time)
     * @param okLatencyMs          response time of OK requests only
     * @param koMessages           distinct KO messages with counts, most frequent first (at most 20,
     *                             the rest summed under {@code (other messages)})
     * @param statusCounts         responses per HTTP status; {@code none} for no response
     * @param noResponse           requests without any response (connection failed, timeout)
     * @param connectionErrors     503 with {@code X-Db-Error}: the database refused a connection
     * @param connectionErrorCodes those by {@code X-Db-Error} value ({@code 53300}, {@code pool-timeout})
     * @param serverErrors         other 5xx responses
     * @param identityChecks       pages whose greeting was checked
     * @param identityLeaks        of which greeted the wrong person
     * @param statements           statements per request from {@code Server-Timing}, of responses with the expected
     *                             status only (a refused request did not do the route's work); null when no
     *                             response carried the header
     * @param cache                cache lookups from {@code X-Cache}
     */
    public record RouteResult(
            String name,
            String audience,
            long requests,
            long ok,
            long ko,
            double throughputRps,
            Latency latencyMs,
            Latency okLatencyMs,
            List<MessageCount> koMessages,
            Map<String, Long> statusCounts,
            long noResponse,
            long connectionErrors,
            Map<String, Long> connectionErrorCodes,
            long serverErrors,
            long identityChecks,
            long identityLeaks,
            Statements statements,
            Cache cache) {

        public RouteResult {
            koMessages = koMessages == null ? List.of() : List.copyOf(koMessages);
            statusCounts = statusCounts == null ? Map.of() : Map.copyOf(statusCounts);
            connectionErrorCodes = connectionErrorCodes == null ? Map.of() : Map.copyOf(connectionErrorCodes);
        }

        /** {@code name} or {@code name [audience]}: the key routes are reported under. */
        public String key() {
            return audience == null ? name : name + " [" + audience + "]";
        }
    }

    /**
     * A latency distribution in milliseconds. All zeros and {@code hdr == null} when empty.
     *
     * @param hdr the full HdrHistogram, compressed and base64 encoded ({@link #histogram()})
     */
    public record Latency(long count, long min, double mean, long p50, long p75, long p95, long p99,
                          long max, String hdr) {

        public static final Latency EMPTY = new Latency(0, 0, 0, 0, 0, 0, 0, 0, null);

        /** The recorded HdrHistogram (empty when nothing was recorded), e.g. to merge runs or read other percentiles. */
        public Histogram histogram() {
            if (hdr == null) {
                return new Histogram(3);
            }
            try {
                return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(hdr)), 0);
            } catch (DataFormatException e) {
                throw new IllegalStateException("corrupt latency histogram in results: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Statements per request as the server reported them in {@code Server-Timing}.
     *
     * @param responses    responses that carried the header (the rest are {@code missing})
     * @param missing      responses without a readable {@code db} metric
     * @param histogram    exact distribution: statement count and how many responses had it, ascending
     * @param dbTimeMeanMs mean of the header's {@code dur}
     */
    public record Statements(long responses, long missing, long min, double mean, long p50, long p95, long max,
                             List<ValueCount> histogram, double dbTimeMeanMs) {

        public Statements {
            histogram = histogram == null ? List.of() : List.copyOf(histogram);
        }
    }

    /**
     * Cache lookups seen in {@code X-Cache}. {@code consulted == false} means no response said a
     * cache was consulted ("no cache"); a consulted cache that never hit has {@code hitRate} 0.0.
     *
     * @param hitRate hits / (hits + misses); null when no lookup was reported
     */
    public record Cache(long hits, long misses, long notConsulted, Double hitRate, boolean consulted) {
    }

    /** @param examples the first few leaks, in order of arrival (at most {@value Recorder#LEAK_EXAMPLES}) */
    public record IdentityLeaks(long checked, long count, List<LeakExample> examples) {
        public IdentityLeaks {
            examples = examples == null ? List.of() : List.copyOf(examples);
        }
    }

    /**
     * @param user  email of the signed-in visitor, {@code anonymous} for an anonymous one
     * @param atSec seconds since the start of the run; {@code warmup} when issued during warm-up
     */
    public record LeakExample(String route, String path, String user, String expected, String saw,
                              double atSec, boolean warmup) {
    }

    public record PhaseCounts(long requests, long ko, long identityLeaks, long connectionErrors) {
        public static final PhaseCounts NONE = new PhaseCounts(0, 0, 0, 0);
    }

    /** One second of the run (responses arriving in it); {@code p95Ms} of all its responses, 0 when none. */
    public record SecondSample(int second, long requests, long ko, long connectionErrors, long p95Ms) {
    }

    /**
     * What the load generator cost: CPU time of the whole injector JVM (all threads, JIT and GC
     * included), from the start of injection to the last user's end, and over the part of it after
     * warm-up, where the JVM has settled.
     *
     * @param cpuMillis           CPU time from the start of injection to the end
     * @param wallMillis          elapsed time over the same interval
     * @param measuredCpuMillis   CPU time from the end of warm-up to the end
     * @param measuredWallMillis  elapsed time over the same interval
     * @param gcMillis            time its garbage collectors reported, whole run
     * @param availableProcessors cores the injector JVM saw
     */
    /**
     * What the injector did with its own resources, and how late it started visitors against its schedule.
     *
     * @param arrivalLag the delays of the visitors' starts after their slots in a constant-rate schedule; null for
     *                   a run without one
     */
    public record InjectorStats(long cpuMillis, long wallMillis, long measuredCpuMillis, long measuredWallMillis,
                                long gcMillis, int availableProcessors, ArrivalLag arrivalLag) {

        /** Figures of a run without a constant-rate schedule. */
        public InjectorStats(long cpuMillis, long wallMillis, long measuredCpuMillis, long measuredWallMillis,
                             long gcMillis, int availableProcessors) {
            this(cpuMillis, wallMillis, measuredCpuMillis, measuredWallMillis, gcMillis, availableProcessors, null);
        }

        /** Mean cores busy over the whole injection: cpu / wall. */
        public double cores() {
            return wallMillis == 0 ? 0 : (double) cpuMillis / wallMillis;
        }

        /** Mean cores busy after warm-up. */
        public double measuredCores() {
            return measuredWallMillis == 0 ? 0 : (double) measuredCpuMillis / measuredWallMillis;
        }
    }

    /**
     * How late the injector started visitors against its schedule.
     *
     * @param arrivals visitors started on the schedule
     * @param p95Ms    95th percentile of their delays, in milliseconds
     * @param maxMs    the largest delay
     */
    public record ArrivalLag(long arrivals, double p95Ms, double maxMs) {
    }

    public record MessageCount(String message, long count) {
    }

    public record ValueCount(long value, long count) {
    }

    /** The route with this request name (and no audience, or the first audience); null when absent. */
    public RouteResult route(String name) {
        return routes.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    /** The route with this request name and audience; null when absent. */
    public RouteResult route(String name, String audience) {
        return routes.stream()
                .filter(r -> r.name().equals(name) && java.util.Objects.equals(r.audience(), audience))
                .findFirst().orElse(null);
    }

    /**
     * Reads a results file.
     *
     * @throws UncheckedIOException with a message naming the file when it is missing, unreadable,
     *                              not results JSON, or written by a newer, incompatible version
     */
    public static ClientResults read(Path file) {
        ClientResults results;
        try {
            results = JSON.readValue(file.toFile(), ClientResults.class);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no client results at " + file, e);
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new UncheckedIOException("no client results at " + file, e);
            }
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new UncheckedIOException("cannot read client results " + file + ": " + why, e);
        }
        if (results == null || results.schemaVersion() < 1) {
            throw new UncheckedIOException(new IOException(file + " is not a scalelab client results file (no schemaVersion)"));
        }
        if (results.schemaVersion() > SCHEMA_VERSION) {
            throw new UncheckedIOException(new IOException(file + " has schemaVersion " + results.schemaVersion()
                    + ", this scalelab reads up to " + SCHEMA_VERSION + "; upgrade scalelab to read it"));
        }
        return results;
    }

    /** Writes this as JSON to {@code file} atomically: a temporary file in the same folder, then a move. */
    public void write(Path file) {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, absolute.getFileName().toString(), ".tmp");
            try {
                JSON.writeValue(tmp.toFile(), this);
                try {
                    Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write client results to " + absolute + ": " + e.getMessage(), e);
        }
    }

    /** The results as JSON text. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
