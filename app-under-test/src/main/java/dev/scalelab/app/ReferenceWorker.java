package dev.scalelab.app;

import dev.scalelab.app.db.Database;
import dev.scalelab.app.db.DatabaseUnavailableException;
import dev.scalelab.app.tasks.FollowerMail;
import dev.scalelab.app.tasks.NotifyFollowersHandler;
import dev.scalelab.app.tasks.SmtpClient;
import dev.scalelab.app.tasks.SmtpSink;
import dev.scalelab.app.tasks.TaskQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jobrunr.server.JobActivator;

/**
 * The task-queue worker ({@code scalelab app --role worker}): no web site, only JobRunr's job server working the
 * queue in the app's database, sending the follower e-mails to a local SMTP sink of its own. Several workers may
 * work one queue. {@link #close()} stops taking jobs, lets running ones finish briefly, and disconnects.
 */
public final class ReferenceWorker implements AutoCloseable {

    /** Printed once the job server polls the queue; the CLI waits for it. */
    public static final String READY = "worker ready";

    private final Deque<AutoCloseable> resources;
    private final TaskQueue queue;

    private ReferenceWorker(Deque<AutoCloseable> resources, TaskQueue queue) {
        this.resources = resources;
        this.queue = queue;
    }

    /** Starts working; problems the user can fix come as {@link DatabaseUnavailableException} with one line. */
    public static ReferenceWorker start(AppSettings settings, Consumer<String> log) {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            Database db = Database.attach(settings.database(), log);
            resources.push(db);
            db.migrate();
            SmtpSink sink = SmtpSink.start();
            resources.push(sink);
            FollowerMail mail = new FollowerMail(new SmtpClient(sink.address()), Duration.ofMillis(settings.notifyLatencyMs()));
            TaskQueue queue = TaskQueue.open(db, settings.workerThreads() + 4, UnaryOperator.identity());
            resources.push(queue);
            NotifyFollowersHandler handler = new NotifyFollowersHandler(mail, queue.dataSource());
            queue.startWorker("scalelab-worker-" + ProcessHandle.current().pid(), settings.workerThreads(),
                    settings.jobRetries(), activator(handler), log);
            if (settings.dashboardPort().isPresent()) {
                int port = queue.startDashboard(settings.dashboardPort().getAsInt());
                log.accept("task dashboard on http://127.0.0.1:" + port + "/dashboard");
            }
            if (settings.warmUpWrites() > 0) {
                log.accept("--warm-up-writes is ignored: a worker serves no comments");
            }
            log.accept(READY + ": " + settings.workerThreads() + " threads, " + settings.jobRetries()
                    + " retries per job, polling every " + TaskQueue.POLL_INTERVAL.toSeconds() + " s (pid "
                    + ManagementFactory.getRuntimeMXBean().getPid() + ")");
            return new ReferenceWorker(resources, queue);
        } catch (IOException e) {
            Resources.closeAll(resources);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            Resources.closeAll(resources);
            throw e;
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

    public TaskQueue queue() {
        return queue;
    }

    @Override
    public void close() {
        Resources.closeAll(resources);
    }
}
