package dev.scalelab.reports;

import dev.scalelab.reports.model.AsyncJobs;
import dev.scalelab.reports.model.ConnectionErrorExample;
import dev.scalelab.reports.model.Finding;
import dev.scalelab.reports.model.HostCpu;
import dev.scalelab.reports.model.Latency;
import dev.scalelab.reports.model.LeakExample;
import dev.scalelab.reports.model.ProcessResources;
import dev.scalelab.reports.model.QueueSample;
import dev.scalelab.reports.model.Resources;
import dev.scalelab.reports.model.RouteStats;
import dev.scalelab.reports.model.RunSummary;
import dev.scalelab.reports.model.StepLinks;
import dev.scalelab.reports.model.StepResult;
import dev.scalelab.reports.model.StepStatus;
import dev.scalelab.reports.model.TimeSample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A run of the story ladder as the ladder writes it: 8 steps, interleaved repeats, with the numbers the story
 * produces (naive home page over 1,000 statements, eager at most 5, cookie-keyed cache hit rate ~0 %, the shared
 * page cache leaking and FAILED, the fragment cache above 90 %, no connection errors with the pool, the queued
 * comment POST an order of magnitude faster), plus every raw file each step links to.
 */
public final class StoryRun {
    static final String HOME = "GET /";
    static final String ARTICLE = "GET /articles/{id}";
    static final String USER = "GET /users/{id}";
    static final String LOGIN = "POST /login";
    static final String COMMENT = "POST /articles/{id}/comments";
    static final int SECONDS = 60;

    /** What one step of the story looks like (medians; runs vary around them). */
    record Shape(String name, Map<String, String> switches, double rps, double koRate, double p50, double p95,
                 double p99, double homeStatements, double articleStatements, double userStatements,
                 double commentP95, int nPlusOne, Double hitRate, long leaks, long connErrors, double appCpu,
                 double dbCpu, double injCpu, double appRss, double dbRss, int dbConns, boolean queue) {
    }

    static final List<Shape> SHAPES = List.of(
            new Shape("naive", sw("lazy", "per-request", "none", "inline"), 88, 0.078, 410, 1650, 2600, 1292, 38,
                    61, 1900, 3, null, 0, 410, 172, 38, 21, 612, 182, 100, false),
            new Shape("eager-fetch", sw("eager", "per-request", "none", "inline"), 95, 0.006, 62, 236, 410, 4, 3,
                    4, 1850, 0, null, 0, 36, 118, 31, 22, 598, 176, 64, false),
            new Shape("page-cache-cookies", sw("eager", "per-request", "page-by-cookie", "inline"), 95, 0.006, 64,
                    241, 420, 4, 3, 4, 1870, 0, 0.002, 0, 39, 121, 32, 22, 640, 177, 66, false),
            new Shape("page-cache-shared", sw("eager", "per-request", "page-shared", "inline"), 96, 0.001, 6, 19,
                    120, 0.3, 3, 4, 1820, 0, 0.94, 37, 5, 44, 9, 23, 660, 171, 12, false),
            new Shape("fragment-cache", sw("eager", "per-request", "fragment", "inline"), 96, 0.002, 11, 35, 140,
                    1.2, 2, 3, 1840, 0, 0.93, 0, 11, 61, 14, 22, 655, 172, 21, false),
            new Shape("connection-pool", sw("eager", "pool", "fragment", "inline"), 96, 0, 9, 28, 96, 1.2, 2, 3,
                    1790, 0, 0.93, 0, 0, 55, 12, 22, 662, 168, 10, false),
            new Shape("async-tasks", sw("eager", "pool", "fragment", "queue"), 96, 0, 8, 24, 61, 1.2, 2, 3, 95, 0,
                    0.93, 0, 0, 49, 14, 22, 690, 170, 10, true),
            new Shape("scale-out", sw("eager", "pgbouncer", "memcached", "queue"), 96, 0, 7, 22, 55, 1.2, 2, 3, 88,
                    0, 0.95, 0, 0, 64, 13, 24, 1310, 175, 8, true));

    private static Map<String, String> sw(String fetch, String connections, String cache, String tasks) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fetch", fetch);
        m.put("connections", connections);
        m.put("cache", cache);
        m.put("tasks", tasks);
        return m;
    }

    private StoryRun() {
    }

    /** The summary of a story run with {@code repeats} interleaved repeats (no files written). */
    public static RunSummary summary(int repeats) {
        Random random = new Random(42);
        List<StepResult> steps = new ArrayList<>();
        for (int r = 1; r <= repeats; r++) {
            for (Shape shape : SHAPES) {
                steps.add(step(shape, r, random));
            }
        }
        return new RunSummary(RunSummary.SCHEMA_VERSION, "2025-06-01T10-15-00", "2025-06-01T10:15:00Z", "story",
                "StoryWorkload, open model 40 users/s, 60 s after a 15 s warm-up", steps);
    }

    /** Writes the summary and every raw file into {@code runDir}; returns the summary. */
    public static RunSummary write(Path runDir, int repeats) {
        RunSummary summary = summary(repeats);
        try {
            for (StepResult s : summary.steps()) {
                writeRawFiles(runDir, s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        summary.write(runDir.resolve(RunSummary.FILE_NAME));
        return summary;
    }

    static String dir(String step, int repeat) {
        return step + "/r" + repeat;
    }

    private static StepResult step(Shape s, int repeat, Random random) {
        // runs vary: latencies by about 6 %, counts like a Poisson variable, resources by about 5 %
        double noise = 1 + random.nextGaussian() * 0.06;
        double rps = s.rps() * (1 + random.nextGaussian() * 0.01);
        long requests = Math.round(rps * SECONDS);
        long ko = s.koRate() == 0 ? 0 : Math.min(requests, poisson(requests * s.koRate(), random));
        Latency latency = new Latency(round(s.p50() * noise), round(s.p95() * noise), round(s.p99() * noise),
                round(s.p99() * 1.8 * noise));

        Map<String, RouteStats> routes = new LinkedHashMap<>();
        Double hit = s.hitRate() == null ? null : Math.min(1, Math.max(0, s.hitRate() + random.nextGaussian() * 0.004));
        routes.put(HOME, route(requests * 40 / 100, ko * 60 / 100, s.p50() * 1.3, s.p95() * 1.1, noise,
                s.homeStatements(), hit));
        routes.put(ARTICLE, route(requests * 30 / 100, ko * 20 / 100, s.p50() * 0.6, s.p95() * 0.7, noise,
                s.articleStatements(), hit == null ? null : Math.min(1, hit * 0.98)));
        routes.put(USER, route(requests * 15 / 100, ko * 10 / 100, s.p50() * 0.7, s.p95() * 0.8, noise,
                s.userStatements(), hit == null ? null : Math.min(1, hit * 0.97)));
        routes.put(LOGIN, route(requests * 10 / 100, ko * 5 / 100, 35, 90, noise, 2.0, null));
        routes.put(COMMENT, route(requests * 5 / 100, ko * 5 / 100, s.commentP95() * 0.6, s.commentP95(), noise,
                s.queue() ? 3.0 : 6.0, null));

        List<Finding> findings = new ArrayList<>();
        if (s.nPlusOne() > 0) {
            findings.add(new Finding(Finding.N_PLUS_ONE, HOME,
                    "select u.id, u.name, u.avatar_url from users u where u.id = ?", 50,
                    "dev.scalelab.app.feed.FeedPage.render(FeedPage.java:57)",
                    "load the authors with the articles (join fetch a.author), the fetch=eager switch"));
            findings.add(new Finding(Finding.N_PLUS_ONE, HOME,
                    "select t.id, t.name from tags t join article_tags at on at.tag_id = t.id where at.article_id = ?",
                    50, "dev.scalelab.app.feed.FeedPage.render(FeedPage.java:61)",
                    "batch-load the tags of all listed articles (@BatchSize or one query with IN)"));
            findings.add(new Finding(Finding.N_PLUS_ONE, ARTICLE,
                    "select u.id, u.name from users u where u.id = ?", 24,
                    "dev.scalelab.app.article.ArticlePage.comments(ArticlePage.java:33)",
                    "fetch the comment authors with the comments (join fetch c.author)"));
            findings.add(new Finding(Finding.DUPLICATE_QUERY, HOME,
                    "select s.user_id from sessions s where s.token = ?", 3,
                    "dev.scalelab.app.web.SessionFilter.currentUser(SessionFilter.java:28)",
                    "look the session up once per request and keep it in the request context"));
        }
        List<LeakExample> leaks = new ArrayList<>();
        long leakCount = s.leaks() == 0 ? 0 : Math.max(1, poisson(s.leaks(), random));
        if (leakCount > 0) {
            leaks.add(new LeakExample(HOME, "Dana Li (user 17)", "Gina Caputo (user 1)", "X-Cache: HIT"));
            leaks.add(new LeakExample(HOME, "anonymous", "Gina Caputo (user 1)", "X-Cache: HIT"));
            leaks.add(new LeakExample(USER, "Omar Haddad (user 42)", "Gina Caputo (user 1)", "X-Cache: HIT"));
        }
        long connErrors = s.connErrors() == 0 ? 0 : poisson(s.connErrors(), random);
        List<ConnectionErrorExample> connExamples = connErrors == 0 ? List.of() : List.of(
                new ConnectionErrorExample(HOME, "53300", "FATAL: sorry, too many clients already",
                        connErrors * 7 / 10),
                new ConnectionErrorExample(COMMENT, "53300", "FATAL: sorry, too many clients already",
                        connErrors - connErrors * 7 / 10));

        List<TimeSample> series = new ArrayList<>();
        for (int t = 0; t < SECONDS; t++) {
            double ramp = Math.min(1, (t + 1) / 8.0);
            double saturation = s.name().equals("naive") ? Math.min(1.6, 0.4 + t / 30.0) : 1;
            double perSecond = Math.max(0, rps * ramp * (1 + random.nextGaussian() * 0.05));
            long koSecond = Math.round(perSecond * s.koRate() * saturation * (0.5 + random.nextDouble()));
            double p95 = s.p95() * saturation * (1 + random.nextGaussian() * 0.08);
            int conns = (int) Math.min(100, Math.round(s.dbConns() * Math.min(1, saturation)
                    * (1 + random.nextGaussian() * 0.05)));
            series.add(new TimeSample(t, round(perSecond), Math.min(koSecond, Math.round(perSecond)),
                    round(Math.max(1, p95)), Math.max(0, conns)));
        }

        String d = dir(s.name(), repeat);
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("client results", d + "/client-results.json");
        raw.put("diagnostics snapshot", d + "/diagnostics.json");
        raw.put("resource samples", d + "/resources.csv");
        raw.put("app log", d + "/app.log");

        ProcessResources app = new ProcessResources(round(s.appCpu() * r5(random)), round(s.appRss() * r5(random)));
        ProcessResources db = new ProcessResources(round(s.dbCpu() * r5(random)), round(s.dbRss() * r5(random)));
        ProcessResources injector = new ProcessResources(round(s.injCpu() * r5(random)), round(420 * r5(random)));
        StepStatus status = leakCount > 0 ? StepStatus.FAILED : StepStatus.PASSED;
        return StepResult.builder(s.name(), status)
                .repeat(repeat)
                // as in the story ladder: the shared page cache is meant to leak
                .expect(s.name().equals("page-cache-shared") ? StepStatus.FAILED : null)
                .statusReason(leakCount > 0 ? "identity probe fired: " + leakCount
                        + " responses showed another user's page" : null)
                .switches(s.switches())
                .requests(requests).ko(ko).throughputRps(round(rps))
                .latencyMs(latency)
                .routes(routes)
                .nPlusOneFindings(s.nPlusOne())
                .cacheHitRate(hit)
                .identityLeaks(leakCount)
                .connectionErrors(connErrors)
                .resources(resources(s, app, db, injector))
                .findings(findings)
                .leakExamples(leaks)
                .connectionErrorExamples(connExamples)
                .timeSeries(series)
                .asyncJobs(s.queue() ? new AsyncJobs(Math.round(requests * 0.05), 0, round(2600 * noise),
                        round(5400 * noise), queueDepth()) : null)
                .links(new StepLinks(d + "/gatling/index.html", raw))
                .build();
    }

    /**
     * App, database and injector; the scale-out step also each process on its own (two instances, the worker,
     * PgBouncer, memcached, nginx) on a 2-core machine. No random draws here, so the other steps' numbers stay put.
     */
    private static Resources resources(Shape s, ProcessResources app, ProcessResources db, ProcessResources injector) {
        if (!s.name().equals("scale-out")) {
            return new Resources(app, db, injector);
        }
        Map<String, ProcessResources> processes = new LinkedHashMap<>();
        processes.put("app-1", new ProcessResources(round(app.cpuPercent() * 0.52), round(app.rssMb() / 2)));
        processes.put("app-2", new ProcessResources(round(app.cpuPercent() * 0.48), round(app.rssMb() / 2)));
        processes.put("database", db);
        processes.put("injector", injector);
        processes.put("worker", new ProcessResources(3.0, 190.0));
        processes.put("pgbouncer", new ProcessResources(4.0, 6.0));
        processes.put("memcached", new ProcessResources(1.5, 70.0));
        processes.put("nginx", new ProcessResources(6.0, 12.0));
        double total = processes.values().stream().mapToDouble(ProcessResources::cpuPercent).sum();
        return new Resources(app, db, injector, processes, new HostCpu(2, round(total + 8)), List.of());
    }

    /** Jobs pending and failed per second: a few waiting under load (the worker polls every 5 s), drained after. */
    private static List<QueueSample> queueDepth() {
        List<QueueSample> out = new ArrayList<>();
        for (int t = 0; t < SECONDS + 12; t++) {
            long pending = t < SECONDS ? 2 + (t % 5) * 2L : Math.max(0, 10 - (t - SECONDS) * 2L);
            out.add(new QueueSample(t, pending, t / 30));
        }
        return out;
    }

    private static RouteStats route(long requests, long ko, double p50, double p95, double noise, double statements,
                                    Double hit) {
        return new RouteStats(requests, Math.min(ko, requests),
                new Latency(round(p50 * noise), round(p95 * noise), round(p95 * 1.5 * noise), round(p95 * 2.5 * noise)),
                statements, hit);
    }

    /** A Poisson-like count (normal approximation) around {@code mean}. */
    private static long poisson(double mean, Random random) {
        return Math.max(0, Math.round(mean + random.nextGaussian() * Math.sqrt(mean)));
    }

    private static double r5(Random random) {
        return 1 + random.nextGaussian() * 0.05;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void writeRawFiles(Path runDir, StepResult s) throws IOException {
        Path d = runDir.resolve(dir(s.name(), s.repeat()));
        Files.createDirectories(d.resolve("gatling"));
        Files.writeString(d.resolve("gatling/index.html"),
                "<!DOCTYPE html><title>Gatling report</title><p>" + s.name() + " run " + s.repeat() + "</p>\n");
        Files.writeString(d.resolve("client-results.json"), "{\"requests\": " + s.requests() + ", \"ko\": " + s.ko()
                + ", \"histograms\": {}}\n");
        Files.writeString(d.resolve("diagnostics.json"), "{\"routes\": {\"GET /\": {\"statementsPerRequest\": "
                + s.routes().get(HOME).statementsPerRequest() + "}}}\n");
        StringBuilder csv = new StringBuilder("second,process,cpuPercent,rssMb\n");
        for (int t = 0; t < SECONDS; t++) {
            csv.append(t).append(",app,").append(s.resources().app().cpuPercent()).append(',')
                    .append(s.resources().app().rssMb()).append('\n');
        }
        Files.writeString(d.resolve("resources.csv"), csv);
        Files.writeString(d.resolve("app.log"), "INFO started\n");
    }
}
