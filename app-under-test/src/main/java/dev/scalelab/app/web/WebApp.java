package dev.scalelab.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalelab.app.AppSettings;
import dev.scalelab.app.data.Passwords;
import dev.scalelab.app.db.Connections;
import dev.scalelab.app.db.DbErrors;
import dev.scalelab.app.feed.SiteQueries;
import dev.scalelab.app.feed.Views.PostedComment;
import dev.scalelab.app.model.User;
import dev.scalelab.app.tasks.Notifier;
import dev.scalelab.app.tasks.TaskQueue;
import dev.scalelab.app.tasks.TaskStats;
import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.UnitScope;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The reference site's HTTP layer: routes, pages, sessions, page caching, error pages and request accounting. */
public final class WebApp {
    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);
    private static final String SCOPE = "scalelab.unit";
    private static final String STARTED = "scalelab.started";
    private static final String DIAGNOSTICS_PATH = "/_scalelab/diagnostics";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AppSettings settings;
    private final SessionFactory sessions;
    private final Connections connections;
    private final javax.sql.DataSource instrumented;
    private final Diagnostics diagnostics;
    private final Notifier notifier;
    private final Optional<TaskQueue> queue;
    private volatile java.time.Instant tasksSince;
    private final SiteQueries queries;
    private final PageCache pageCache;
    private final SessionCookies cookies;
    private final Templates templates = new Templates();
    private final Clock clock;
    private final Javalin javalin;

    public WebApp(AppSettings settings, SessionFactory sessions, Connections connections,
                  javax.sql.DataSource instrumented, Diagnostics diagnostics, Notifier notifier,
                  Optional<TaskQueue> queue, Clock clock) {
        this.settings = settings;
        this.instrumented = instrumented;
        this.sessions = sessions;
        this.connections = connections;
        this.diagnostics = diagnostics;
        this.notifier = notifier;
        this.queue = queue;
        this.clock = clock;
        this.tasksSince = clock.instant();
        this.queries = SiteQueries.of(settings.fetch());
        Duration ttl = Duration.ofSeconds(settings.cacheTtlSeconds());
        this.pageCache = PageCache.of(settings.cache(), settings.memcached()
                .<PageStore>map(hostPort -> new MemcachedPageStore(hostPort, ttl))
                .orElseGet(() -> new LocalPageStore(ttl)));
        this.cookies = new SessionCookies(settings.sessionSecret());
        this.javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.threadPool = new QueuedThreadPool(settings.jettyThreads(), Math.min(8, settings.jettyThreads()));
            config.http.defaultContentType = "text/html; charset=utf-8";
        });
        routes();
    }

    /** Starts serving; throws {@link PortInUseException} when the port is taken. */
    public int start() {
        try {
            javalin.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            if (isBindFailure(e)) {
                throw new PortInUseException(settings.host(), settings.port());
            }
            throw e;
        }
        return javalin.port();
    }

    public void stop() {
        javalin.stop();
        pageCache.store.close();
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || t.getClass().getSimpleName().equals("JavalinBindException")) {
                return true;
            }
        }
        return false;
    }

    private void routes() {
        javalin.before(this::openUnit);
        javalin.after(this::closeUnit);

        javalin.get("/health", this::health);
        javalin.get("/", ctx -> page(ctx, "Latest articles",
                () -> templates.render("feed", Map.of("articles", read(s -> queries.feed(s, settings.feedSize()))))));
        javalin.get("/articles/{id}", ctx -> {
            long id = pathId(ctx);
            page(ctx, "Article", () -> templates.render("article", Map.of("article",
                    read(s -> queries.article(s, id)).orElseThrow(() -> new NotFound("There is no article " + id + ".")))));
        });
        javalin.get("/users/{id}", ctx -> {
            long id = pathId(ctx);
            page(ctx, "Profile", () -> templates.render("user", Map.of("profile",
                    read(s -> queries.user(s, id)).orElseThrow(() -> new NotFound("There is no user " + id + ".")))));
        });
        javalin.get("/login", ctx -> ctx.html(layout(ctx, "Sign in", templates.render("login", Map.of()))));
        javalin.post("/login", this::login);
        javalin.post("/logout", ctx -> {
            ctx.removeCookie(SessionCookies.NAME, "/");
            ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
        });
        javalin.post("/articles/{id}/comments", this::postComment);
        javalin.get("/avatars/{file}", this::avatar);
        javalin.get(DIAGNOSTICS_PATH, this::diagnosticsSnapshot);
        javalin.post(DIAGNOSTICS_PATH + "/reset", this::diagnosticsReset);

        javalin.exception(NotFound.class, (e, ctx) -> errorPage(ctx, 404, "Not found", e.getMessage()));
        javalin.exception(BadRequest.class, (e, ctx) -> errorPage(ctx, 400, "Bad request", e.getMessage()));
        javalin.exception(Exception.class, this::failure);
        javalin.error(404, ctx -> {
            if (ctx.result() == null) {
                errorPage(ctx, 404, "Not found", "There is no page at this address.");
            }
        });
    }

    // ---- request accounting (diagnostics) ------------------------------------------------------------------

    private void openUnit(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
        if (!ctx.path().startsWith("/_scalelab/")) {
            ctx.attribute(SCOPE, diagnostics.open(ctx.method() + " " + ctx.path()));
        }
    }

    private void closeUnit(Context ctx) {
        UnitScope scope = ctx.attribute(SCOPE);
        if (scope == null) {
            return;
        }
        scope.rename(ctx.method() + " " + routeTemplate(ctx));
        if (ctx.statusCode() >= 500) {
            scope.failed();    // a page that stopped part-way (e.g. no connection): counted apart from complete ones
        }
        UnitReport report = scope.end();
        ctx.header("Server-Timing", report.serverTimingHeader());
    }

    private static String routeTemplate(Context ctx) {
        try {
            String p = ctx.endpointHandlerPath();
            return p == null || p.isEmpty() || p.equals("*") ? "(unmatched)" : p;
        } catch (RuntimeException e) {
            return "(unmatched)";
        }
    }

    // ---- pages ---------------------------------------------------------------------------------------------

    private Optional<Viewer> viewer(Context ctx) {
        return cookies.read(ctx.cookie(SessionCookies.NAME));
    }

    private void page(Context ctx, String title, PageCache.Body body) {
        String html = pageCache.serve(ctx, body, b -> layout(ctx, title, b));
        ctx.html(html);
    }

    private String layout(Context ctx, String title, String body) {
        Long started = ctx.attribute(STARTED);
        double ms = started == null ? 0 : (System.nanoTime() - started) / 1e6;
        Map<String, Object> scope = new HashMap<>();
        scope.put("title", title);
        scope.put("body", body);
        scope.put("renderMs", String.format(java.util.Locale.ROOT, "%.1f", ms));
        viewer(ctx).ifPresent(v -> scope.put("viewer", v));
        return templates.render("layout", scope);
    }

    private void errorPage(Context ctx, int status, String heading, String message) {
        ctx.status(status);
        ctx.html(layout(ctx, heading, templates.render("error", Map.of("heading", heading, "message", message))));
    }

    private <T> T read(Function<Session, T> work) {
        return sessions.fromTransaction(s -> {
            s.setDefaultReadOnly(true);
            return work.apply(s);
        });
    }

    private static long pathId(Context ctx) {
        String raw = ctx.pathParam("id");
        if (!raw.matches("[0-9]{1,18}")) {
            throw new NotFound("There is no page at this address.");
        }
        return Long.parseLong(raw);
    }

    // ---- sign in, comments ---------------------------------------------------------------------------------

    private void login(Context ctx) {
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("").trim();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        Optional<User> user = email.isEmpty() ? Optional.empty() : read(s -> s.createSelectionQuery(
                        "from User u where u.email = :email", User.class)
                .setParameter("email", email)
                .getResultList().stream().findFirst());
        if (user.isEmpty() || !Passwords.matches(password, user.get().getPasswordHash())) {
            ctx.status(401);
            ctx.html(layout(ctx, "Sign in", templates.render("login",
                    Map.of("error", "Wrong email or password.", "email", email))));
            return;
        }
        Viewer v = new Viewer(user.get().getId(), user.get().getName());
        Cookie c = new Cookie(SessionCookies.NAME, cookies.issue(v));
        c.setHttpOnly(true);
        c.setPath("/");
        c.setSameSite(io.javalin.http.SameSite.LAX);
        ctx.cookie(c);
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void postComment(Context ctx) {
        long articleId = pathId(ctx);
        Optional<Viewer> viewer = viewer(ctx);
        if (viewer.isEmpty()) {
            errorPage(ctx, 401, "Sign in to comment", "Only signed-in users can comment.");
            return;
        }
        String body = Optional.ofNullable(ctx.formParam("body")).orElse("").strip();
        if (body.isEmpty() || body.length() > 5_000) {
            throw new BadRequest("A comment needs between 1 and 5000 characters.");
        }
        PostedComment posted = sessions.fromTransaction(s -> storeComment(s, articleId, viewer.get().id(), body))
                .orElseThrow(() -> new NotFound("There is no article " + articleId + "."));
        pageCache.invalidate("/articles/" + articleId);
        notifier.afterCommit(posted);
        ctx.redirect("/articles/" + articleId, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** A comment's work inside its transaction: the row, and what the notifier keeps with it (the queue's job). */
    private Optional<PostedComment> storeComment(Session s, long articleId, long authorId, String body) {
        Optional<PostedComment> stored = queries.addComment(s, articleId, authorId, body, clock.instant());
        stored.ifPresent(c -> {
            s.flush();
            s.doWork(connection -> notifier.withinTransaction(c, connection));
        });
        return stored;
    }

    /** What {@link #warmUpWrites} did. */
    public record WarmUp(int posted, int requested, Duration took, Optional<String> stoppedBy) {
        public String describe() {
            String done = "comment path warmed up: " + posted + " comments posted and rolled back in "
                    + String.format(java.util.Locale.ROOT, "%.1f s", took.toMillis() / 1000.0)
                    + (stoppedBy.isEmpty() && posted < requested
                        ? " (" + (requested - posted) + " skipped: their articles are missing)" : "");
            return stoppedBy.map(why -> done + "; stopped early (" + why + "), serving anyway").orElse(done);
        }
    }

    /**
     * Compiles the comment path before the site takes traffic. A fresh JVM runs code interpreted until it has run
     * often enough, and a workload posts few comments, so without this the measured comments would be among the
     * JVM's first and mostly measure the JIT. Posts {@code comments} comments the way a visitor's POST does (the
     * article and its followers, the row, the notifier's part in the transaction, each in its diagnostics unit) in
     * one transaction that is rolled back: nothing is stored, no job is queued, no notification is sent. Articles
     * and authors cycle through the dataset's ids; a missing article is skipped.
     */
    public WarmUp warmUpWrites(int comments) {
        long articles = settings.dataset().articles();
        long users = settings.dataset().users();
        long started = System.nanoTime();
        int posted = 0;
        Optional<String> stoppedBy = Optional.empty();
        try (Session s = sessions.openSession()) {
            org.hibernate.Transaction tx = s.beginTransaction();
            try {
                for (int i = 0; i < comments; i++) {
                    long article = 1 + (i * 7_919L) % Math.max(1, articles);
                    long author = 1 + (i * 104_729L) % Math.max(1, users);
                    try (UnitScope unit = diagnostics.open("warm-up: POST /articles/{id}/comments (rolled back)")) {
                        if (storeComment(s, article, author, "Warm-up comment " + i + ", rolled back.").isPresent()) {
                            posted++;
                        }
                    }
                    s.clear();
                }
            } finally {
                tx.rollback();
            }
        } catch (RuntimeException e) {
            stoppedBy = Optional.of(String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName()));
        }
        return new WarmUp(posted, comments, Duration.ofNanos(System.nanoTime() - started), stoppedBy);
    }

    // ---- health, avatars, diagnostics ----------------------------------------------------------------------

    private void health(Context ctx) throws Exception {
        try (Connection c = instrumented.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1")) {
            rs.next();
        }
        ctx.json(Map.of("status", "ok"));
    }

    private void avatar(Context ctx) {
        String file = ctx.pathParam("file");
        if (!file.matches("[0-9]{1,3}\\.png")) {
            throw new NotFound("There is no avatar " + file + ".");
        }
        int n = Integer.parseInt(file.substring(0, file.indexOf('.')));
        String color = String.format("#%06x", (n * 0x9E3779B1) & 0xFFFFFF);
        ctx.contentType("image/svg+xml");
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.result("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"32\" height=\"32\"><circle cx=\"16\" cy=\"16\" r=\"16\" fill=\""
                + color + "\"/></svg>");
    }

    private boolean diagnosticsAllowed(Context ctx) {
        if (settings.diagnosticsToken().isEmpty()) {
            return false;
        }
        boolean loopback;
        try {
            loopback = java.net.InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            loopback = false;
        }
        String given = Optional.ofNullable(ctx.header("X-Scalelab-Token")).orElse("");
        return loopback && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                settings.diagnosticsToken().get().getBytes(StandardCharsets.UTF_8));
    }

    private void diagnosticsSnapshot(Context ctx) throws Exception {
        if (!diagnosticsAllowed(ctx)) {
            throw new NotFound("There is no page at this address.");
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("fetch", settings.fetch().label());
        root.put("connections", settings.connections().label());
        root.put("cache", settings.cache().label());
        root.put("tasks", settings.tasks().label());
        root.set("diagnostics", JSON.readTree(diagnostics.snapshot().toJson(settings.diagnosticsParams())));
        root.set("pageCache", JSON.valueToTree(pageCache.stats()));
        root.set("pool", JSON.valueToTree(connections.stats()));
        root.put("notificationsSent", notifier.sent());
        root.set("tasks", tasks());
        ctx.contentType("application/json");
        ctx.result(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    private void diagnosticsReset(Context ctx) {
        if (!diagnosticsAllowed(ctx)) {
            throw new NotFound("There is no page at this address.");
        }
        diagnostics.reset();
        pageCache.resetStats();
        tasksSince = clock.instant();
        ctx.status(204);
    }

    /** The notifier's counters; with a queue also its depth now and the outcomes of jobs enqueued since the reset. */
    private ObjectNode tasks() throws java.sql.SQLException {
        ObjectNode node = JSON.valueToTree(notifier.stats());
        if (queue.isPresent()) {
            node.set("depth", JSON.valueToTree(queue.get().depth()));
            try (Connection c = queue.get().dataSource().getConnection()) {
                java.time.Instant since = tasksSince;
                node.put("since", since.toString());
                node.set("outcomes", JSON.valueToTree(TaskStats.enqueuedBetween(c, since, clock.instant().plusSeconds(1))));
            }
        }
        return node;
    }

    private void failure(Exception e, Context ctx) {
        Optional<String> refusal = DbErrors.connectionRefusal(e);
        if (refusal.isPresent()) {
            ctx.header("X-Db-Error", refusal.get());
            String why = refusal.get().equals(DbErrors.TOO_MANY_CONNECTIONS)
                    ? "The database refused a new connection: too many clients already (SQLState 53300)."
                    : refusal.get().equals(DbErrors.POOL_TIMEOUT)
                    ? "No database connection became free in time (connection pool timeout)."
                    : "The database is unavailable (SQLState " + refusal.get() + ").";
            errorPage(ctx, 503, "Service unavailable", why);
            return;
        }
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        errorPage(ctx, 500, "Something went wrong", "The error was logged. Please try again.");
    }

    /** 404 with a message for the page. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /** 400 with a message for the page. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

}
