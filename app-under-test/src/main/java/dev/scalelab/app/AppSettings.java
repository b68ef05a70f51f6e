package dev.scalelab.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Every setting of the reference app, immutable. Built the same way by the CLI and by tests through
 * {@link #builder()}; every default lives in {@link Builder}.
 *
 * @param host             interface to bind; loopback unless the user asks otherwise
 * @param port             HTTP port; 0 picks a free one
 * @param fetch            lazy or eager loading
 * @param connections      per-request connections or a pool
 * @param cache            page cache mode
 * @param tasks            where follower notifications run
 * @param jettyThreads     maximum request threads (the counterpart of the story's gunicorn workers)
 * @param poolSize         HikariCP maximum pool size in {@code pool} mode
 * @param poolTimeoutMs    how long a request waits for a pooled connection before a 503
 * @param database         where the data lives
 * @param dataset          size and seed of the generated data
 * @param feedSize         articles on the home page
 * @param cacheTtlSeconds  how long a cached page or fragment lives
 * @param notifyLatencyMs  simulated third-party latency of the slow side work, per comment
 * @param diagnosticsToken token of the opt-in diagnostics endpoint; empty: endpoint off
 * @param diagnosticsParams whether the diagnostics endpoint may show SQL parameter values
 * @param traceFile        when present, every statement is written there as one JSON line (the trace format)
 * @param sessionSecret    key that signs session cookies; instances behind one proxy share it
 * @param role             serve the site, or work the task queue
 * @param workerThreads    jobs a worker runs at once
 * @param jobRetries       how often a failed job is retried before it is marked failed
 * @param dashboardPort    port of the task-queue dashboard (JobRunr's, the story's Flower), bound to loopback
 *                         only; empty: dashboard off
 * @param memcached        {@code host:port} of a memcached shared by the app instances for the page cache; empty:
 *                         each instance caches in its own memory
 * @param warmUpWrites     comments the web app posts and rolls back before it serves, so the comment path is compiled
 *                         before the first visitor's comment (0: none)
 */
public record AppSettings(
        String host,
        int port,
        FetchMode fetch,
        ConnectionMode connections,
        CacheMode cache,
        TaskMode tasks,
        int jettyThreads,
        int poolSize,
        long poolTimeoutMs,
        DatabaseSettings database,
        DatasetSpec dataset,
        int feedSize,
        int cacheTtlSeconds,
        int notifyLatencyMs,
        Optional<String> diagnosticsToken,
        boolean diagnosticsParams,
        Optional<java.nio.file.Path> traceFile,
        String sessionSecret,
        AppRole role,
        int workerThreads,
        int jobRetries,
        OptionalInt dashboardPort,
        Optional<String> memcached,
        int warmUpWrites) {

    public AppSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(fetch, "fetch");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(diagnosticsToken, "diagnosticsToken");
        Objects.requireNonNull(sessionSecret, "sessionSecret");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(dashboardPort, "dashboardPort");
        Objects.requireNonNull(memcached, "memcached");
        Objects.requireNonNull(traceFile, "traceFile");
        List<String> problems = new ArrayList<>();
        if (port < 0 || port > 65535) {
            problems.add("--port must be between 0 and 65535 (was " + port + ")");
        }
        if (jettyThreads < 8 || jettyThreads > 2000) {
            problems.add("--threads must be between 8 and 2000 (was " + jettyThreads + ")");
        }
        if (poolSize < 1 || poolSize > 1000) {
            problems.add("--pool-size must be between 1 and 1000 (was " + poolSize + ")");
        }
        if (poolTimeoutMs < 250) {
            problems.add("--pool-timeout-ms must be at least 250 (was " + poolTimeoutMs + ")");
        }
        if (feedSize < 1 || feedSize > 500) {
            problems.add("--feed-size must be between 1 and 500 (was " + feedSize + ")");
        }
        if (cacheTtlSeconds < 1) {
            problems.add("--cache-ttl must be at least 1 second (was " + cacheTtlSeconds + ")");
        }
        if (notifyLatencyMs < 0 || notifyLatencyMs > 60_000) {
            problems.add("--notify-latency-ms must be between 0 and 60000 (was " + notifyLatencyMs + ")");
        }
        if (diagnosticsToken.isPresent() && diagnosticsToken.get().length() < 8) {
            problems.add("--diagnostics-token must have at least 8 characters");
        }
        if (sessionSecret.length() < 16) {
            problems.add("the session secret must have at least 16 characters");
        }
        if (workerThreads < 1 || workerThreads > 200) {
            problems.add("--worker-threads must be between 1 and 200 (was " + workerThreads + ")");
        }
        if (jobRetries < 0 || jobRetries > 20) {
            problems.add("--job-retries must be between 0 and 20 (was " + jobRetries + ")");
        }
        if (dashboardPort.isPresent() && (dashboardPort.getAsInt() < 0 || dashboardPort.getAsInt() > 65535)) {
            problems.add("--dashboard-port must be between 0 and 65535 (was " + dashboardPort.getAsInt() + ")");
        }
        if (memcached.isPresent() && !memcached.get().matches("[^\\s:]+:\\d{1,5}")) {
            problems.add("--memcached must be HOST:PORT, e.g. 127.0.0.1:11211 (was '" + memcached.get() + "')");
        }
        if (warmUpWrites < 0 || warmUpWrites > MAX_WARM_UP_WRITES) {
            problems.add("--warm-up-writes must be between 0 and " + MAX_WARM_UP_WRITES + " (was " + warmUpWrites + ")");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Enough to compile the comment path many times over; more would only delay the start. */
    public static final int MAX_WARM_UP_WRITES = 10_000;

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with every default of the reference app. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 7070;
        private FetchMode fetch = FetchMode.LAZY;
        private ConnectionMode connections = ConnectionMode.PER_REQUEST;
        private CacheMode cache = CacheMode.NONE;
        private TaskMode tasks = TaskMode.INLINE;
        private int jettyThreads = 64;
        private int poolSize = 10;
        private long poolTimeoutMs = 5_000;
        private DatabaseSettings database = DatabaseSettings.embedded(defaultDataDir());
        private DatasetSpec dataset = DatasetSpec.DEFAULT;
        private int feedSize = 60;
        private int cacheTtlSeconds = 30;
        private int notifyLatencyMs = 150;
        private Optional<String> diagnosticsToken = Optional.empty();
        private boolean diagnosticsParams;
        private Optional<java.nio.file.Path> traceFile = Optional.empty();
        private String sessionSecret = randomSecret();
        private AppRole role = AppRole.WEB;
        private int workerThreads = 8;
        private int jobRetries = 3;
        private OptionalInt dashboardPort = OptionalInt.empty();
        private Optional<String> memcached = Optional.empty();
        private int warmUpWrites;

        public Builder host(String v) { this.host = v; return this; }
        public Builder port(int v) { this.port = v; return this; }
        public Builder fetch(FetchMode v) { this.fetch = v; return this; }
        public Builder connections(ConnectionMode v) { this.connections = v; return this; }
        public Builder cache(CacheMode v) { this.cache = v; return this; }
        public Builder tasks(TaskMode v) { this.tasks = v; return this; }
        public Builder jettyThreads(int v) { this.jettyThreads = v; return this; }
        public Builder poolSize(int v) { this.poolSize = v; return this; }
        public Builder poolTimeoutMs(long v) { this.poolTimeoutMs = v; return this; }
        public Builder database(DatabaseSettings v) { this.database = v; return this; }
        public Builder dataset(DatasetSpec v) { this.dataset = v; return this; }
        public Builder feedSize(int v) { this.feedSize = v; return this; }
        public Builder cacheTtlSeconds(int v) { this.cacheTtlSeconds = v; return this; }
        public Builder notifyLatencyMs(int v) { this.notifyLatencyMs = v; return this; }
        public Builder diagnosticsToken(String v) { this.diagnosticsToken = Optional.ofNullable(v).filter(s -> !s.isEmpty()); return this; }
        public Builder diagnosticsParams(boolean v) { this.diagnosticsParams = v; return this; }
        public Builder traceFile(java.nio.file.Path v) { this.traceFile = Optional.ofNullable(v); return this; }
        public Builder sessionSecret(String v) { this.sessionSecret = v; return this; }
        public Builder role(AppRole v) { this.role = v; return this; }
        public Builder workerThreads(int v) { this.workerThreads = v; return this; }
        public Builder jobRetries(int v) { this.jobRetries = v; return this; }
        /** The dashboard's port; null: dashboard off. */
        /** The shared page-cache server, {@code host:port}; null or empty: in-process cache. */
        public Builder memcached(String v) { this.memcached = Optional.ofNullable(v).filter(x -> !x.isEmpty()); return this; }
        public Builder warmUpWrites(int v) { this.warmUpWrites = v; return this; }
        public Builder dashboardPort(Integer v) { this.dashboardPort = v == null ? OptionalInt.empty() : OptionalInt.of(v); return this; }

        public AppSettings build() {
            return new AppSettings(host, port, fetch, connections, cache, tasks, jettyThreads, poolSize, poolTimeoutMs,
                    database, dataset, feedSize, cacheTtlSeconds, notifyLatencyMs, diagnosticsToken,
                    diagnosticsParams, traceFile, sessionSecret, role, workerThreads, jobRetries, dashboardPort,
                    memcached, warmUpWrites);
        }
    }

    /** {@code $XDG_DATA_HOME/scalelab}, else {@code ~/.local/share/scalelab}: never /tmp, which may be cleared or noexec. */
    public static Path defaultDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("scalelab");
    }

    private static String randomSecret() {
        byte[] b = new byte[24];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /** The database URL with any password removed, for messages and logs. */
    public static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "";
        }
        String s = jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
        return s.replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
    }

    static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
