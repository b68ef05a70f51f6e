package dev.scalelab.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.app.db.Database;
import dev.scalelab.app.tasks.FollowerMail;
import dev.scalelab.app.tasks.NotifyFollowers;
import dev.scalelab.app.tasks.NotifyFollowersHandler;
import dev.scalelab.app.tasks.SmtpClient;
import dev.scalelab.app.tasks.TaskQueue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.jobrunr.server.JobActivator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At least once without double effects, under a real crash: a worker process is killed (SIGKILL) in the middle of a
 * notification batch, while its mail to the sixth of twelve followers waits for the mail server's answer. Another
 * worker retries the orphaned job; the mail server, which counts what each follower received, sees every follower
 * exactly once: the five mailed before the crash are skipped (recorded in {@code notification_sent}), the sixth,
 * whose mail the server never accepted, is mailed by the retry.
 */
class FollowerMailKilledWorkerTest {
    static final int FOLLOWERS = 12;
    /** The mail the server holds without answering until the worker is killed. */
    static final int STALL_AT = 6;

    static Database database;
    static DatabaseSettings settings;

    @BeforeAll
    static void database() throws Exception {
        settings = TestDatabases.dedicated("scalelab_mail_killed_it");
        database = Database.open(settings, line -> { });
        database.migrate();
        try (Connection c = database.connect()) {
            TaskQueue.removeAllJobs(c);
        }
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @Test
    void a_worker_killed_mid_batch_leaves_every_follower_with_exactly_one_mail(@TempDir Path tmp) throws Exception {
        long comment = System.currentTimeMillis() * 100 + 7;
        List<String> followers = IntStream.rangeClosed(1, FOLLOWERS)
                .mapToObj(i -> String.format(Locale.ROOT, "follower%02d@scalelab.test", i)).toList();
        String jobName = "killed worker " + comment;
        try (MailServer server = MailServer.start(STALL_AT)) {
            Path log = tmp.resolve("worker.log");
            Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), Worker.class.getName(),
                    settings.url().orElseThrow(), Integer.toString(server.port()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                awaitLine(worker, log, Worker.READY, Duration.ofSeconds(60));
                try (TaskQueue producer = TaskQueue.open(database, 2, UnaryOperator.identity())) {
                    producer.enqueue(jobName, new NotifyFollowers(1, comment, "An article", followers));
                }
                assertThat(server.stalled.await(60, TimeUnit.SECONDS)).as("the worker reached the sixth mail: " + tail(log))
                        .isTrue();
                assertThat(recorded(comment)).as("recorded before the crash").isEqualTo(followers.subList(0, STALL_AT - 1));

                worker.destroyForcibly();
                assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(worker.exitValue()).as("killed by SIGKILL, not stopped").isEqualTo(137);
                assertThat(server.discarded.await(10, TimeUnit.SECONDS)).as("the held mail died with the worker").isTrue();
                assertThat(server.received()).as("mails accepted before the crash").hasSize(STALL_AT - 1);
            } finally {
                worker.destroyForcibly();
                worker.waitFor(30, TimeUnit.SECONDS);
            }

            // another worker finds the job orphaned (its server stopped beating) and retries it
            try (TaskQueue queue = TaskQueue.open(database, 4, UnaryOperator.identity())) {
                NotifyFollowersHandler handler = new NotifyFollowersHandler(
                        new FollowerMail(new SmtpClient(server.address()), Duration.ZERO), queue.dataSource());
                queue.startWorker("mail-retry-worker", 1, 2, activator(handler), line -> { });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
                while (succeeded(jobName) == null && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                assertThat(succeeded(jobName)).as("the retried job succeeded").isNotNull();
            }
            Map<String, Integer> expected = new TreeMap<>();
            followers.forEach(f -> expected.put(f, 1));
            assertThat(server.received()).as("mails each follower received").isEqualTo(expected);
            assertThat(recorded(comment)).containsExactlyInAnyOrderElementsOf(followers);
        }
    }

    /** The worker process: the real queue, handler and mail code, mailing the test's server. */
    public static final class Worker {
        static final String READY = "killable worker ready";

        public static void main(String[] args) throws Exception {
            Database db = Database.attach(DatabaseSettings.external(args[0], null, null), System.out::println);
            db.migrate();
            TaskQueue queue = TaskQueue.open(db, 4, UnaryOperator.identity());
            InetSocketAddress smtp = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1]));
            NotifyFollowersHandler handler = new NotifyFollowersHandler(new FollowerMail(new SmtpClient(smtp),
                    Duration.ZERO), queue.dataSource());
            queue.startWorker("killable-worker-" + ProcessHandle.current().pid(), 1, 2, activator(handler),
                    System.out::println);
            System.out.println(READY);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /**
     * A mail server that counts what each recipient received. It holds the {@code stallAt}-th mail without answering
     * (a slow server), and drops it when the sender goes away before the answer, as a real server does with a mail
     * it never accepted.
     */
    static final class MailServer implements AutoCloseable {
        final ServerSocket socket;
        final int stallAt;
        final AtomicInteger mails = new AtomicInteger();
        final Map<String, Integer> received = new ConcurrentHashMap<>();
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch discarded = new CountDownLatch(1);

        private MailServer(ServerSocket socket, int stallAt) {
            this.socket = socket;
            this.stallAt = stallAt;
        }

        static MailServer start(int stallAt) throws IOException {
            MailServer s = new MailServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), stallAt);
            Thread t = new Thread(s::accept, "test-mail-server");
            t.setDaemon(true);
            t.start();
            return s;
        }

        int port() {
            return socket.getLocalPort();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(socket.getInetAddress(), port());
        }

        Map<String, Integer> received() {
            return new TreeMap<>(received);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread t = new Thread(() -> session(s), "test-mail-session");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void session(Socket s) {
            try (s) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.US_ASCII);
                reply(out, "220 test mail server");
                String to = null;
                boolean data = false;
                String line;
                while ((line = in.readLine()) != null) {
                    if (data) {
                        if (line.equals(".")) {
                            data = false;
                            if (mails.incrementAndGet() == stallAt) {
                                stalled.countDown();
                                while (in.readLine() != null) {
                                    // hold the answer until the sender is gone
                                }
                                discarded.countDown();
                                return;
                            }
                            received.merge(to, 1, Integer::sum);
                            reply(out, "250 OK queued");
                        }
                        continue;
                    }
                    String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                    switch (cmd) {
                        case "RCPT" -> {
                            to = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                            reply(out, "250 OK");
                        }
                        case "DATA" -> {
                            data = true;
                            reply(out, "354 end with .");
                        }
                        case "QUIT" -> {
                            reply(out, "221 bye");
                            return;
                        }
                        default -> reply(out, "250 OK");
                    }
                }
            } catch (IOException e) {
                // the sender went away
            }
        }

        private static void reply(Writer out, String line) throws IOException {
            out.write(line + "\r\n");
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void awaitLine(Process p, Path log, String line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError("the worker exited: " + tail(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the worker did not get ready: " + tail(log));
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private static List<String> recorded(long comment) throws Exception {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(
                "select email from notification_sent where comment_id = ? order by sent_at, email")) {
            ps.setLong(1, comment);
            List<String> emails = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    emails.add(rs.getString(1));
                }
            }
            return emails;
        }
    }

    /** Attempts of the job when it succeeded; null while it has not. */
    private static Integer succeeded(String jobName) throws Exception {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(
                "select attempts from task_outcome where job_name = ? and succeeded")) {
            ps.setString(1, jobName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    private static JobActivator activator(NotifyFollowersHandler handler) {
        return new JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                return type.isInstance(handler) ? type.cast(handler) : null;
            }
        };
    }
}
