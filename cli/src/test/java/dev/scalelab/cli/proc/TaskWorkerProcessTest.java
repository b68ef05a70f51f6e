package dev.scalelab.cli.proc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.app.ReferenceWorker;
import dev.scalelab.app.tasks.SmtpSink;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queued rung with real processes, as the ladder runs it: a web app JVM enqueues, a separate
 * {@code scalelab app --role worker} JVM works the queue on the machine's PostgreSQL, retries a bouncing delivery and
 * leaves it failed; stopping the worker leaves no process behind.
 */
class TaskWorkerProcessTest {
    static final String TOKEN = "worker-test-token";
    static String dbUrl;

    @BeforeAll
    static void database() throws Exception {
        dbUrl = dev.scalelab.cli.TestDb.url("scalelab_queue_cli_it");
    }

    @Test
    void a_worker_process_does_the_queued_work_retries_failures_and_leaves_them_failed(@TempDir Path tmp) throws Exception {
        int port = FreePorts.next();
        String base = "http://127.0.0.1:" + port;
        List<String> db = List.of("--db-url", dbUrl);
        List<String> webArgs = new ArrayList<>(List.of("--tasks", "queue", "--connections", "pool", "--port",
                Integer.toString(port), "--diagnostics-token", TOKEN));
        webArgs.addAll(db);
        List<String> workerArgs = new ArrayList<>(List.of("--role", "worker", "--job-retries", "1",
                "--notify-latency-ms", "10"));
        workerArgs.addAll(db);
        try (AppProcess web = AppProcess.startReferenceApp(webArgs, base, tmp.resolve("app.log"),
                Optional.of(TOKEN))) {
            web.awaitHealthy(Duration.ofSeconds(120));
            bounceFollowerOf(31);
            long workerPid;
            try (AppProcess worker = AppProcess.startReferenceApp(workerArgs, base,
                    tmp.resolve("worker.log"), Optional.empty())) {
                worker.awaitLogLine(ReferenceWorker.READY, Duration.ofSeconds(90));
                workerPid = worker.pid();
                HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                        .followRedirects(HttpClient.Redirect.NEVER).build();
                assertThat(post(browser, base + "/login", "email=user3%40scalelab.test&password=password")).isEqualTo(303);
                assertThat(post(browser, base + "/articles/30/comments", "body=Queued.")).isEqualTo(303);
                assertThat(post(browser, base + "/articles/31/comments", "body=Bounces.")).isEqualTo(303);

                JsonNode outcomes = await(() -> tasks(web).path("outcomes"),
                        o -> o.path("succeeded").asLong() >= 1 && o.path("failed").asLong() >= 1, Duration.ofSeconds(60));
                assertThat(outcomes.path("succeeded").asLong()).isEqualTo(1);
                assertThat(outcomes.path("failed").asLong()).isEqualTo(1);
                assertThat(outcomes.path("enqueueToDoneP50Ms").asDouble()).isPositive();
                assertThat(tasks(web).path("depth").path("failed").asLong()).isPositive();
                assertThat(worker.lastLogLine()).doesNotContain("Exception in thread");
            }
            assertThat(ProcessHandle.of(workerPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    /** Makes a user at the sink's bouncing domain follow the article, so notifying its followers fails every time. */
    private static void bounceFollowerOf(long articleId) throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl); Statement st = c.createStatement()) {
            st.execute("insert into profile (id, avatar_url, bio) values (990001, '/avatars/1.png', 'gone') "
                    + "on conflict do nothing");
            st.execute("insert into app_user (id, email, name, password_hash, profile_id) values (990001, 'gone@"
                    + SmtpSink.BOUNCING_DOMAIN + "', 'Gone Away', 'x', 990001) on conflict do nothing");
            st.execute("insert into article_follower (article_id, user_id) values (" + articleId + ", 990001) "
                    + "on conflict do nothing");
        }
    }

    private static int post(HttpClient browser, String url, String form) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static JsonNode tasks(AppProcess web) throws Exception {
        return new ObjectMapper().readTree(web.diagnostics(false).orElseThrow()).path("tasks");
    }

    private static <T> T await(Callable<T> probe, Predicate<T> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.call();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached after " + timeout.toSeconds() + " s; last seen: " + last);
            }
            Thread.sleep(500);
            last = probe.call();
        }
        return last;
    }
}
