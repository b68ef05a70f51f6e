package dev.scalelab.app;

import dev.scalelab.app.data.Seeder;
import dev.scalelab.app.db.Connections;
import dev.scalelab.app.db.Database;
import dev.scalelab.app.model.Article;
import dev.scalelab.app.model.Comment;
import dev.scalelab.app.model.Profile;
import dev.scalelab.app.model.Tag;
import dev.scalelab.app.model.User;
import dev.scalelab.app.tasks.FollowerMail;
import dev.scalelab.app.tasks.InlineNotifier;
import dev.scalelab.app.tasks.Notifier;
import dev.scalelab.app.tasks.QueuedNotifier;
import dev.scalelab.app.tasks.SmtpClient;
import dev.scalelab.app.tasks.SmtpSink;
import dev.scalelab.app.tasks.TaskQueue;
import dev.scalelab.app.web.WebApp;
import dev.scalelab.diagnostics.Diagnostics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * The reference site, assembled from its settings: database (embedded or external), schema and dataset,
 * connections, Hibernate, diagnostics, page cache, notifier, HTTP. {@link #close()} stops everything it started,
 * in reverse order.
 */
public final class ReferenceApp implements AutoCloseable {

    /** Connections of the web app's enqueueing side of the task queue (one insert per comment). */
    static final int QUEUE_CONNECTIONS = 4;

    private final AppSettings settings;
    private final Database database;
    private final WebApp web;
    private final int port;
    private final Deque<AutoCloseable> resources;

    private ReferenceApp(AppSettings settings, Database database, WebApp web, int port, Deque<AutoCloseable> resources) {
        this.settings = settings;
        this.database = database;
        this.web = web;
        this.port = port;
        this.resources = resources;
    }

    /**
     * Starts the app. Problems the user can fix come as {@link dev.scalelab.app.db.DatabaseUnavailableException}
     * or {@link dev.scalelab.app.web.PortInUseException} with a one-line message.
     */
    public static ReferenceApp start(AppSettings settings, Consumer<String> log) {
        checkPortFree(settings.host(), settings.port());
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            Database db = Database.open(settings.database(), log);
            resources.push(db);
            db.migrate();
            try (Connection c = db.connect()) {
                Seeder.ensure(c, settings.dataset(), log);
            } catch (SQLException e) {
                throw new dev.scalelab.app.db.DatabaseUnavailableException("generating the dataset failed: "
                        + e.getMessage());
            }
            Connections connections = Connections.of(settings.connections(), db, settings.poolSize(),
                    settings.poolTimeoutMs());
            resources.push(connections);
            Diagnostics.Builder diagnosticsBuilder = Diagnostics.builder().includeParameters(settings.diagnosticsParams());
            settings.traceFile().ifPresent(diagnosticsBuilder::trace);
            Diagnostics diagnostics = diagnosticsBuilder.build();
            resources.push(diagnostics);
            DataSource instrumented = diagnostics.wrap(connections.dataSource());
            SessionFactory sessions = hibernate(instrumented);
            resources.push(sessions);
            Optional<TaskQueue> queue = Optional.empty();
            Notifier notifier;
            if (settings.tasks() == TaskMode.QUEUE) {
                TaskQueue q = TaskQueue.open(db, QUEUE_CONNECTIONS, diagnostics::wrap);
                resources.push(q);
                queue = Optional.of(q);
                notifier = new QueuedNotifier(q);
                log.accept("follower notifications are queued; start a worker with the same database options: "
                        + "scalelab app --role worker" + (db.embedded() ? "" : " --db-url ..."));
            } else {
                SmtpSink sink = SmtpSink.start();
                resources.push(sink);
                notifier = new InlineNotifier(new FollowerMail(new SmtpClient(sink.address()),
                        Duration.ofMillis(settings.notifyLatencyMs())));
            }
            resources.push(notifier);
            if (settings.dashboardPort().isPresent()) {
                if (queue.isEmpty()) {
                    log.accept("--dashboard-port is ignored: the task dashboard needs --tasks queue");
                } else {
                    int dashboard = queue.get().startDashboard(settings.dashboardPort().getAsInt());
                    log.accept("task dashboard on http://127.0.0.1:" + dashboard + "/dashboard");
                }
            }
            WebApp web = new WebApp(settings, sessions, connections, instrumented, diagnostics, notifier, queue,
                    Clock.systemUTC());
            if (settings.warmUpWrites() > 0) {
                log.accept("warming up the comment path: " + settings.warmUpWrites()
                        + " comments in a transaction that is rolled back...");
                log.accept(web.warmUpWrites(settings.warmUpWrites()).describe());
            }
            int port = web.start();
            resources.push(web::stop);
            log.accept("serving on http://" + settings.host() + ":" + port + "/ (fetch=" + settings.fetch().label()
                    + ", connections=" + settings.connections().label() + ", cache=" + settings.cache().label()
                    + ", tasks=" + settings.tasks().label() + ", database " + (db.embedded() ? "embedded" : "external")
                    + ", max_connections=" + db.maxConnections() + ")");
            return new ReferenceApp(settings, db, web, port, resources);
        } catch (IOException e) {
            Resources.closeAll(resources);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            Resources.closeAll(resources);
            throw e;
        }
    }

    /** Fails before the database starts, rather than after a minute of preparation. */
    private static void checkPortFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new dev.scalelab.app.web.PortInUseException(host, port);
        }
    }

    static SessionFactory hibernate(DataSource ds) {
        Configuration cfg = new Configuration();
        cfg.addAnnotatedClass(Profile.class);
        cfg.addAnnotatedClass(User.class);
        cfg.addAnnotatedClass(Tag.class);
        cfg.addAnnotatedClass(Article.class);
        cfg.addAnnotatedClass(Comment.class);
        cfg.getProperties().put("hibernate.connection.datasource", ds);
        cfg.setProperty("hibernate.jdbc.time_zone", "UTC");
        cfg.setProperty("hibernate.hbm2ddl.auto", "none");
        cfg.setProperty("hibernate.show_sql", "false");
        // No second-level or query cache and no batch fetching: the fetch switch alone decides the statements.
        cfg.setProperty("hibernate.cache.use_second_level_cache", "false");
        return cfg.buildSessionFactory();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://" + settings.host() + ":" + port;
    }

    public AppSettings settings() {
        return settings;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        Resources.closeAll(resources);
    }
}
