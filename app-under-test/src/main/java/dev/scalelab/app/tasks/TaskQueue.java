package dev.scalelab.app.tasks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.scalelab.app.db.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jobrunr.jobs.filters.JobFilter;
import org.jobrunr.jobs.filters.RetryFilter;
import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobBuilder;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.server.carbonaware.CarbonAwareJobProcessingConfiguration;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

/**
 * The durable task queue: JobRunr with its tables in the app's own PostgreSQL database (created on first use, so it
 * works on the embedded server too). The web app enqueues through it; the worker process runs its job server.
 * Built without JobRunr's static configuration, so several queues can live in one JVM (tests). Nothing leaves the
 * machine: carbon-aware scheduling (JobRunr's only outbound call from the server) stays off, and the dashboard is
 * served by {@link JobDashboard} with anonymous usage reporting off.
 */
public final class TaskQueue implements AutoCloseable {

    /** JobRunr's smallest poll interval on SQL storage: an idle worker picks up a new job within this time. */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    /** First retry after 2 s, then 4 s, 8 s, ...: failures reach the failed state within a minute. */
    static final int RETRY_BACKOFF_SEED = 2;

    private final HikariDataSource pool;
    private final JoiningDataSource connections;
    private final StorageProvider storage;
    private final JsonMapper json;
    private final JobRequestScheduler scheduler;
    private final List<AutoCloseable> started = new ArrayList<>();

    private TaskQueue(HikariDataSource pool, JoiningDataSource connections, StorageProvider storage, JsonMapper json) {
        this.pool = pool;
        this.connections = connections;
        this.storage = storage;
        this.json = json;
        this.scheduler = new JobRequestScheduler(storage, List.of());
    }

    /**
     * Opens the queue on the app's database with a small connection pool of its own ({@code connections}), whatever
     * the site's connection mode. {@code instrument} may wrap the pool (the web app counts the enqueue's statements).
     */
    public static TaskQueue open(Database db, int connections, UnaryOperator<DataSource> instrument) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("scalelab-queue");
        c.setDataSource(db.dataSource());
        c.setMaximumPoolSize(connections);
        c.setMinimumIdle(1);
        c.setConnectionTimeout(10_000);
        c.setInitializationFailTimeout(-1);
        c.setRegisterMbeans(false);
        HikariDataSource pool = new HikariDataSource(c);
        try {
            JsonMapper json = new JacksonJsonMapper();
            JoiningDataSource joining = new JoiningDataSource(instrument.apply(pool));
            StorageProvider storage = new PostgresStorageProvider(joining);
            storage.setJobMapper(new JobMapper(json));
            return new TaskQueue(pool, joining, storage, json);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Whether JobRunr has created its tables in this database (it does on first use). */
    static boolean tablesExist(Statement st) throws SQLException {
        try (ResultSet exists = st.executeQuery("select to_regclass('jobrunr_jobs') is not null")) {
            exists.next();
            return exists.getBoolean(1);
        }
    }

    /** Deletes every job, whatever its state; returns how many. Nothing to do before the tables exist. */
    public static int removeAllJobs(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            return tablesExist(st) ? st.executeUpdate("delete from jobrunr_jobs") : 0;
        }
    }

    /** Stores a job for a worker under a readable name, in a transaction of its own. */
    public void enqueue(String name, JobRequest job) {
        scheduler.create(JobBuilder.aJob().withName(name).withJobRequest(job));
    }

    /**
     * Stores a job for a worker as part of the caller's open transaction on {@code transaction}: it becomes visible
     * to workers when the caller commits, and disappears if the caller rolls back.
     */
    public void enqueue(String name, JobRequest job, java.sql.Connection transaction) {
        connections.lend(transaction, () -> enqueue(name, job));
    }

    /**
     * Starts working the queue in this process: {@code threads} jobs at once, a failed job retried {@code retries}
     * times with exponential back-off, every finished job recorded by {@link OutcomeRecorder}.
     */
    public void startWorker(String name, int threads, int retries, JobActivator handlers, Consumer<String> log) {
        BackgroundJobServerConfiguration config = BackgroundJobServerConfiguration
                .usingStandardBackgroundJobServerConfiguration()
                .andName(name)
                .andWorkerCount(threads)
                .andPollInterval(POLL_INTERVAL)
                .andInterruptJobsAwaitDurationOnStopBackgroundJobServer(Duration.ofSeconds(5))
                // off by default already; said explicitly, since it is the job server's only call to JobRunr's servers
                .andCarbonAwareJobProcessingConfiguration(CarbonAwareJobProcessingConfiguration
                        .usingDisabledCarbonAwareJobProcessingConfiguration());
        BackgroundJobServer server = new BackgroundJobServer(storage, json, handlers, config);
        OutcomeRecorder outcomes = new OutcomeRecorder(pool, log);
        List<JobFilter> filters = List.of(new RetryFilter(retries, RETRY_BACKOFF_SEED), outcomes);
        server.setJobFilters(filters);
        server.start();
        started.add(outcomes);
        started.add(server::stop);
    }

    /** Serves JobRunr's dashboard on {@code 127.0.0.1:port} (0: a free port); returns the port. */
    public int startDashboard(int port) {
        JobDashboard dashboard = JobDashboard.start(storage, json, port);
        started.add(dashboard);
        return dashboard.port();
    }

    /** Jobs waiting, retrying and running, and how many finished, as JobRunr's tables see them now. */
    public QueueDepth depth() {
        try (var c = pool.getConnection()) {
            return QueueDepth.read(c);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("reading the queue depth failed: " + e.getMessage(), e);
        }
    }

    /** The queue's own connections (not instrumented). */
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        try {
            storage.close();
        } finally {
            pool.close();
        }
    }
}
