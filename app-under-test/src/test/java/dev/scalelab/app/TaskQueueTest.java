package dev.scalelab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.app.data.Seeder;
import dev.scalelab.app.db.Database;
import dev.scalelab.app.tasks.NotifyFollowers;
import dev.scalelab.app.tasks.QueueDepth;
import dev.scalelab.app.tasks.SmtpSink;
import dev.scalelab.app.tasks.TaskQueue;
import dev.scalelab.app.tasks.TaskStats;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The task-queue rung on the machine's PostgreSQL: the web app enqueues into JobRunr's tables in its own database, a
 * worker works them, outcomes land in {@code task_outcome}. (The worker as a separate process is tested in the CLI.)
 */
class TaskQueueTest {

    static DatabaseSettings db;

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabases.dedicated("scalelab_queue_it");
        // the schema first: tests that only open the queue would otherwise leave JobRunr's tables in a database
        // Flyway then refuses to migrate (non-empty schema without history)
        try (Database d = Database.open(db, line -> { })) {
            d.migrate();
        }
    }

    static AppSettings.Builder settings() {
        return AppSettings.builder().database(db).port(0).tasks(TaskMode.QUEUE).connections(ConnectionMode.POOL)
                .poolSize(4).notifyLatencyMs(20).workerThreads(2).diagnosticsToken("queue-test-token");
    }

    @Test
    void a_queued_comment_is_answered_before_the_work_and_a_worker_finishes_it_later() throws Exception {
        Instant from = Instant.now();
        try (ReferenceApp web = ReferenceApp.start(settings().build(), line -> { })) {
            Browser b = new Browser(web.baseUrl());
            b.login(7);
            HttpResponse<String> post = b.post("/articles/21/comments", Map.of("body", "queued hello"));
            assertThat(post.statusCode()).isEqualTo(303);
            Instant to = Instant.now().plusSeconds(1);
            // no worker runs yet: the comment is stored, its notification still waits in the queue
            assertThat(stats(from, to).succeeded()).isZero();
            assertThat(depth().enqueued()).isPositive();

            try (ReferenceWorker worker = ReferenceWorker.start(settings().role(AppRole.WORKER).build(), line -> { })) {
                TaskStats done = await(() -> stats(from, to), s -> s.succeeded() == 1, Duration.ofSeconds(30));
                assertThat(done.failed()).isZero();
                assertThat(done.enqueueToDoneP50Ms()).isPositive();
                assertThat(done.enqueueToDoneP95Ms()).isGreaterThanOrEqualTo(done.enqueueToDoneP50Ms());
            }
            JsonNode tasks = diagnostics(web).path("tasks");
            assertThat(tasks.path("mode").asText()).isEqualTo("queue");
            assertThat(tasks.path("jobsEnqueued").asLong()).isEqualTo(1);
            assertThat(tasks.path("outcomes").path("succeeded").asLong()).isEqualTo(1);
            assertThat(tasks.path("depth").has("failed")).isTrue();
        }
    }

    @Test
    void the_comment_path_warm_up_stores_queues_and_sends_nothing_and_real_comments_still_work() throws Exception {
        try (Connection c = connect()) {
            Seeder.ensure(c, DatasetSpec.DEFAULT, line -> { }); // the counts below must not include the dataset
        }
        long comments = count("select count(*) from comment");
        long jobs = count("select count(*) from jobrunr_jobs");
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ReferenceApp web = ReferenceApp.start(settings().fetch(FetchMode.EAGER).warmUpWrites(40).build(),
                log::add)) {
            assertThat(log).anyMatch(l -> l.startsWith("comment path warmed up: 40 comments posted and rolled back in "));
            assertThat(count("select count(*) from comment")).as("no warm-up comment stored").isEqualTo(comments);
            assertThat(count("select count(*) from jobrunr_jobs")).as("no warm-up job queued").isEqualTo(jobs);
            JsonNode diagnostics = diagnostics(web);
            JsonNode warmUp = unit(diagnostics, "warm-up: POST /articles/{id}/comments (rolled back)");
            assertThat(warmUp.path("requests").asLong()).isEqualTo(40);
            assertThat(warmUp.path("meanStatements").asDouble()).as("article, comment, job").isEqualTo(3.0);
            assertThat(diagnostics.path("tasks").path("jobsEnqueued").asLong()).as("rolled back, so never enqueued")
                    .isZero();

            Browser b = new Browser(web.baseUrl());
            b.login(7);
            assertThat(b.post("/articles/21/comments", Map.of("body", "after the warm-up")).statusCode()).isEqualTo(303);
            assertThat(count("select count(*) from comment")).isEqualTo(comments + 1);
            assertThat(count("select count(*) from jobrunr_jobs")).isEqualTo(jobs + 1);
            assertThat(diagnostics(web).path("tasks").path("jobsEnqueued").asLong()).isEqualTo(1);
        }
    }

    private static JsonNode unit(JsonNode diagnostics, String name) {
        for (JsonNode u : diagnostics.path("diagnostics").path("units")) {
            if (u.path("unit").asText().equals(name)) {
                return u;
            }
        }
        throw new AssertionError("no diagnostics unit '" + name + "' in " + diagnostics.path("diagnostics"));
    }

    private static long count(String sql) throws Exception {
        try (Connection c = connect(); java.sql.Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void a_job_that_keeps_failing_is_retried_then_left_in_the_failed_state() throws Exception {
        Instant from = Instant.now();
        long failedBefore = depth().failed();
        try (ReferenceWorker worker = ReferenceWorker.start(settings().role(AppRole.WORKER).jobRetries(2).build(),
                line -> { });
             Database database = Database.open(db, line -> { });
             TaskQueue queue = TaskQueue.open(database, 1, UnaryOperator.identity())) {
            queue.enqueue("bouncing notification", new NotifyFollowers(1, 1, "An article",
                    List.of("reader@scalelab.test", "gone@" + SmtpSink.BOUNCING_DOMAIN)));
            TaskStats s = await(() -> stats(from, Instant.now().plusSeconds(1)), t -> t.failed() == 1,
                    Duration.ofSeconds(60));
            assertThat(s.succeeded()).isZero();
            assertThat(attemptsOfLastFailure(from)).isEqualTo(3);
            assertThat(depth().failed()).isEqualTo(failedBefore + 1);
        }
    }

    @Test
    void a_job_enqueued_in_a_transaction_is_stored_only_when_that_transaction_commits() throws Exception {
        try (Database database = Database.open(db, line -> { });
             TaskQueue queue = TaskQueue.open(database, 1, UnaryOperator.identity());
             Connection tx = database.connect()) {
            long before = jobsNamed("outbox test");
            tx.setAutoCommit(false);
            queue.enqueue("outbox test", new NotifyFollowers(1, 1, "An article", List.of("a@scalelab.test")), tx);
            assertThat(jobsNamed("outbox test")).as("not visible before the commit").isEqualTo(before);
            tx.rollback();
            assertThat(jobsNamed("outbox test")).as("gone with the rollback").isEqualTo(before);
            queue.enqueue("outbox test", new NotifyFollowers(1, 2, "An article", List.of("a@scalelab.test")), tx);
            tx.commit();
            assertThat(jobsNamed("outbox test")).as("stored with the commit").isEqualTo(before + 1);
            assertThat(tx.isClosed()).as("the lender's connection stays open").isFalse();
        }
    }

    @Test
    void removing_the_workload_data_empties_the_task_queue() throws Exception {
        try (Database database = Database.open(db, line -> { });
             TaskQueue queue = TaskQueue.open(database, 1, UnaryOperator.identity());
             Connection c = database.connect()) {
            queue.enqueue("left over", new NotifyFollowers(1, 1, "An article", List.of("a@scalelab.test")), c);
            assertThat(jobsNamed("left over")).isPositive();
            assertThat(depth().pending()).isPositive();

            Seeder.removeWorkloadData(c);

            assertThat(jobsNamed("left over")).isZero();
            assertThat(depth()).isEqualTo(new QueueDepth(0, 0, 0, 0, 0));
        }
    }

    private static long jobsNamed(String name) throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from jobrunr_jobs where jobAsJson like ?")) {
            ps.setString(1, "%\"jobName\":\"" + name + "\"%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void the_dashboard_listens_on_loopback_only_and_sends_no_usage_data() throws Exception {
        try (Database database = Database.open(db, line -> { });
             TaskQueue queue = TaskQueue.open(database, 1, UnaryOperator.identity())) {
            int port = queue.startDashboard(0);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> version = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/version")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(version.statusCode()).isEqualTo(200);
            assertThat(version.body()).contains("\"allowAnonymousDataUsage\":false");
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/dashboard/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().allValues("Content-Security-Policy")).anyMatch(v -> v.contains("connect-src 'self'"));

            Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
            assumeTrue(external.isPresent(), "this machine has no non-loopback address to try");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(external.get(), port), 2_000);
                throw new AssertionError("the dashboard answered on " + external.get() + ":" + port);
            } catch (IOException expected) {
                assertThat(expected).hasMessageContaining("refused");
            }
        }
    }

    private static TaskStats stats(Instant from, Instant to) throws Exception {
        try (Connection c = connect()) {
            return TaskStats.enqueuedBetween(c, from, to);
        }
    }

    private static QueueDepth depth() throws Exception {
        try (Connection c = connect()) {
            return QueueDepth.read(c);
        }
    }

    private static int attemptsOfLastFailure(Instant from) throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "select attempts from task_outcome where not succeeded and enqueued_at >= ? order by finished_at desc")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(from));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getInt(1);
            }
        }
    }

    private static Connection connect() throws Exception {
        try (Database d = Database.open(db, line -> { })) {
            return d.connect();
        }
    }

    private static JsonNode diagnostics(ReferenceApp web) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(web.baseUrl() + "/_scalelab/diagnostics")).header("X-Scalelab-Token", "queue-test-token").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    private static <T> T await(Callable<T> probe, java.util.function.Predicate<T> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.call();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached after " + timeout.toSeconds() + " s; last seen: " + last);
            }
            Thread.sleep(250);
            last = probe.call();
        }
        return last;
    }
}
