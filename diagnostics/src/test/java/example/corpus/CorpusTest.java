package example.corpus;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.StackMode;
import dev.scalelab.diagnostics.StatementGroup;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.UnitScope;
import example.blog.BlogSchema;
import example.blog.HibernateBlog;
import example.blog.JdbcBlog;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static dev.scalelab.diagnostics.Finding.Kind.DUPLICATE;
import static dev.scalelab.diagnostics.Finding.Kind.N_PLUS_ONE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The labeled corpus: access patterns on real PostgreSQL, through plain JDBC and Hibernate, each
 * with exactly the findings it must produce (kind, count, call site, fingerprint fragment) — no
 * more, no fewer. Precision and recall over the whole corpus are written to
 * {@code target/corpus-report.md}, next to those of a count-only detector (a fingerprint repeated
 * at least 3 times in a unit) for comparison.
 */
class CorpusTest {
    static DataSource raw;
    static Diagnostics diagnostics;
    static DataSource ds;
    static SessionFactory hibernate;
    static SessionFactory batchFetching;
    static SessionFactory jdbcBatching;
    static final List<String> rows = new ArrayList<>();
    static int cases;
    static int tp;
    static int fp;
    static int fn;
    static int naiveTp;
    static int naiveFp;
    static int naiveFn;

    record Expect(Finding.Kind kind, int count, String callSite, String fingerprint) {
        boolean matches(Finding f) {
            return f.kind() == kind && f.count() == count && f.callSite().startsWith(callSite + "(")
                    && f.fingerprint().contains(fingerprint);
        }

        @Override
        public String toString() {
            return kind + " " + count + " × …" + fingerprint + "… at " + callSite;
        }
    }

    static Expect nPlusOne(int count, String callSite, String fingerprint) {
        return new Expect(N_PLUS_ONE, count, callSite, fingerprint);
    }

    static Expect duplicate(int count, String callSite, String fingerprint) {
        return new Expect(DUPLICATE, count, callSite, fingerprint);
    }

    interface Body {
        void run(Runner r) throws Exception;
    }

    interface Work {
        void run() throws Exception;
    }

    /** Runs work in units and collects their reports. */
    static final class Runner {
        final List<UnitReport> reports = new ArrayList<>();

        void unit(String name, Work work) throws Exception {
            UnitScope unit = diagnostics.open(name);
            try {
                work.run();
            } finally {
                reports.add(unit.end());
            }
        }
    }

    record Case(String layer, String name, Body body, List<Expect> expected) {
    }

    static Case jdbc(String name, JdbcWork work, Expect... expected) {
        return new Case("JDBC", name, r -> r.unit(name, () -> {
            try (Connection c = ds.getConnection()) {
                work.run(new JdbcBlog(c));
            }
        }), List.of(expected));
    }

    static Case orm(String name, SessionFactory[] factory, OrmWork work, Expect... expected) {
        return new Case("Hibernate", name, r -> r.unit(name, () -> {
            try (Session s = factory[0].openSession()) {
                work.run(new HibernateBlog(s));
            }
        }), List.of(expected));
    }

    interface JdbcWork {
        void run(JdbcBlog blog) throws Exception;
    }

    interface OrmWork {
        void run(HibernateBlog blog) throws Exception;
    }

    static final SessionFactory[] PLAIN = new SessionFactory[1];
    static final SessionFactory[] BATCH_FETCH = new SessionFactory[1];
    static final SessionFactory[] JDBC_BATCH = new SessionFactory[1];

    static final String AUTHOR_BY_ID = "from author where id = ?";
    static final String COMMENTS_BY_ARTICLE = "from comment where article_id = ?";
    static final String ORM_AUTHOR_BY_ID = "from diag_corpus.author a1_0 where a1_0.id = ?";
    static final String ORM_COMMENTS_BY_ARTICLE = "from diag_corpus.comment c1_0 where c1_0.article_id = ?";

    static List<Case> corpus() {
        return List.of(
                // ------------------------------------------------------------ plain JDBC
                jdbc("loop of single-row lookups", JdbcBlog::authorsOneByOne,
                        nPlusOne(10, "JdbcBlog.authorName", AUTHOR_BY_ID)),
                jdbc("loop of lookups with repeating keys is one finding", JdbcBlog::authorsOfArticlesOneByOne,
                        nPlusOne(30, "JdbcBlog.authorName", AUTHOR_BY_ID)),
                jdbc("loop of 2 lookups stays below the threshold", b -> b.lookups(2)),
                jdbc("loop of 3 lookups reaches the threshold", b -> b.lookups(3),
                        nPlusOne(3, "JdbcBlog.authorName", AUTHOR_BY_ID)),
                jdbc("one IN-list load", JdbcBlog::authorsInOneInList),
                jdbc("one = ANY(?) array load", JdbcBlog::authorsInOneAnyArray),
                jdbc("loop of IN-list chunks", JdbcBlog::authorsInChunkedInLists),
                jdbc("loop of ANY(?) chunks", JdbcBlog::authorsInChunkedAnyArrays),
                jdbc("loop of one-element IN lists is still one lookup per key", JdbcBlog::authorsInSingleElementInLists,
                        nPlusOne(5, "JdbcBlog.authorNameSingleIn", "from author where id in (...)")),
                jdbc("JDBC batch insert", JdbcBlog::batchInsert),
                jdbc("loop of inserts", JdbcBlog::insertLoop),
                jdbc("loop of updates", JdbcBlog::updateLoop),
                jdbc("loop of SET, SAVEPOINT, SHOW, nextval", JdbcBlog::infrastructureLoop),
                jdbc("keyset pagination", JdbcBlog::keysetPagination),
                jdbc("offset pagination", JdbcBlog::offsetPagination),
                jdbc("loop whose statements each read many rows", JdbcBlog::bulkLoopOverKinds),
                jdbc("same read with same parameters from three places", JdbcBlog::settingReadThreeTimes,
                        duplicate(3, "JdbcBlog.setting", "from setting where key = ?")),
                jdbc("same read twice", JdbcBlog::settingReadTwice,
                        duplicate(2, "JdbcBlog.setting", "from setting where key = ?")),
                jdbc("one repository method called from two loops", JdbcBlog::twoLoopsOverOneRepositoryMethod,
                        nPlusOne(4, "JdbcBlog.authorName", AUTHOR_BY_ID),
                        nPlusOne(4, "JdbcBlog.authorName", AUTHOR_BY_ID)),
                jdbc("two lookups per iteration", JdbcBlog::twoQueriesPerIteration,
                        nPlusOne(6, "JdbcBlog.authorName", AUTHOR_BY_ID),
                        nPlusOne(6, "JdbcBlog.commentCount", COMMENTS_BY_ARTICLE)),
                jdbc("loop loading each parent's children", JdbcBlog::commentsPerArticle,
                        nPlusOne(30, "JdbcBlog.commentCount", COMMENTS_BY_ARTICLE)),
                jdbc("loop with literals inlined", JdbcBlog::inlinedLiteralLoop,
                        nPlusOne(5, "JdbcBlog.authorNameInlined", AUTHOR_BY_ID)),
                jdbc("same inlined literal three times", JdbcBlog::inlinedLiteralRepeated,
                        duplicate(3, "JdbcBlog.authorNameInlined", AUTHOR_BY_ID)),
                jdbc("loop with a different sqlcommenter comment each time", JdbcBlog::commentedLoop,
                        nPlusOne(4, "JdbcBlog.authorNameCommented", AUTHOR_BY_ID)),
                jdbc("loop of WITH … SELECT reads", JdbcBlog::cteReadLoop,
                        nPlusOne(4, "JdbcBlog.authorNameViaCte", "select name from a where id = ?")),
                jdbc("loop of data-modifying WITH statements", JdbcBlog::cteWriteLoop),
                jdbc("loop of execute() + getResultSet()", JdbcBlog::executeThenGetResultSetLoop,
                        nPlusOne(4, "JdbcBlog.authorNameViaExecute", AUTHOR_BY_ID)),
                new Case("JDBC", "lookups run on another thread count toward the submitting unit", r -> {
                    ExecutorService pool = Executors.newFixedThreadPool(2);
                    try {
                        r.unit("lookups on an executor", () -> JdbcBlog.lookupsOnExecutor(ds, diagnostics.propagating(pool)));
                    } finally {
                        pool.shutdownNow();
                    }
                }, List.of(nPlusOne(5, "JdbcBlog.authorName", AUTHOR_BY_ID))),
                new Case("JDBC", "one lookup in each of many units", r -> {
                    for (long id = 1; id <= 5; id++) {
                        long key = id;
                        r.unit("GET /authors/{id}", () -> {
                            try (Connection c = ds.getConnection()) {
                                new JdbcBlog(c).authorName(key);
                            }
                        });
                    }
                }, List.of()),

                // ------------------------------------------------------------ Hibernate
                orm("lazy many-to-one read in a loop", PLAIN, HibernateBlog::renderFeedLazily,
                        nPlusOne(10, "HibernateBlog.renderFeedLazily", ORM_AUTHOR_BY_ID)),
                orm("lazy many-to-one below the threshold", PLAIN, b -> b.renderFeedLazily(6)),
                orm("JOIN FETCH", PLAIN, HibernateBlog::renderFeedWithJoinFetch),
                orm("entity graph", PLAIN, HibernateBlog::renderFeedWithEntityGraph),
                orm("lazy many-to-one with default_batch_fetch_size", BATCH_FETCH, HibernateBlog::renderFeedLazily),
                orm("lazy collection in a loop", PLAIN, HibernateBlog::countCommentsLazily,
                        nPlusOne(30, "HibernateBlog.countCommentsLazily", ORM_COMMENTS_BY_ARTICLE)),
                orm("collection JOIN FETCH", PLAIN, HibernateBlog::countCommentsWithJoinFetch),
                orm("lazy collection with default_batch_fetch_size (chunked ANY loads)", BATCH_FETCH,
                        HibernateBlog::countCommentsLazily),
                orm("lazy many-to-many in a loop", PLAIN, HibernateBlog::countTagsLazily,
                        nPlusOne(30, "HibernateBlog.countTagsLazily", "from diag_corpus.article_tag")),
                orm("two lazy associations in one loop", PLAIN, HibernateBlog::renderFeedWithAuthorsAndComments,
                        nPlusOne(10, "HibernateBlog.renderFeedWithAuthorsAndComments", ORM_AUTHOR_BY_ID),
                        nPlusOne(30, "HibernateBlog.renderFeedWithAuthorsAndComments", ORM_COMMENTS_BY_ARTICLE)),
                orm("find() in a loop", PLAIN, HibernateBlog::findArticlesOneByOne,
                        nPlusOne(8, "HibernateBlog.findArticlesOneByOne", "from diag_corpus.article a1_0 where a1_0.id = ?")),
                orm("find() of the same id twice hits the persistence context", PLAIN, HibernateBlog::findSameArticleTwice),
                orm("findMultiple() loads all ids at once", PLAIN, HibernateBlog::findAuthorsAtOnce),
                orm("same HQL query with the same parameter from two places", PLAIN, HibernateBlog::countArticlesOfAuthorTwice,
                        duplicate(2, "HibernateBlog.articleCountBy", "select count(a1_0.id) from diag_corpus.article a1_0")),
                orm("persist in a loop with JDBC batching and a sequence", JDBC_BATCH, b -> b.persistNotes(10)),
                orm("persist in a loop without batching", PLAIN, b -> b.persistNotes(10)),
                orm("keyset pagination with setMaxResults", PLAIN, HibernateBlog::pageThroughArticles),
                new Case("Hibernate", "one find() in each of many units", r -> {
                    for (long id = 1; id <= 5; id++) {
                        long key = id;
                        r.unit("GET /articles/{id}", () -> {
                            try (Session s = PLAIN[0].openSession()) {
                                new HibernateBlog(s).articleById(key);
                            }
                        });
                    }
                }, List.of()));
    }

    /** One recorder and everything built on it, per stack mode: the corpus runs in each. */
    record Mode(Diagnostics diagnostics, DataSource ds, SessionFactory plain, SessionFactory batchFetching,
                SessionFactory jdbcBatching) {
        static Mode of(StackMode stacks) {
            Diagnostics d = Diagnostics.builder().stacks(stacks).build();
            DataSource wrapped = d.wrap(raw);
            return new Mode(d, wrapped, HibernateBlog.sessionFactory(wrapped, 0, 0),
                    HibernateBlog.sessionFactory(wrapped, 16, 0), HibernateBlog.sessionFactory(wrapped, 0, 20));
        }
    }

    static final Map<StackMode, Mode> MODES = new EnumMap<>(StackMode.class);
    static StackMode current;

    /** Points the cases at the recorder of {@code stacks}. */
    static synchronized void use(StackMode stacks) {
        Mode m = MODES.computeIfAbsent(stacks, Mode::of);
        if (current != null && current != stacks) {
            // the write cases insert fixed keys: each mode starts from the same data
            example.support.TestDatabase.execute(raw, "DELETE FROM note");
        }
        current = stacks;
        diagnostics = m.diagnostics();
        ds = m.ds();
        hibernate = m.plain();
        batchFetching = m.batchFetching();
        jdbcBatching = m.jdbcBatching();
        PLAIN[0] = hibernate;
        BATCH_FETCH[0] = batchFetching;
        JDBC_BATCH[0] = jdbcBatching;
    }

    @BeforeAll
    static void database() {
        raw = BlogSchema.create();
        use(StackMode.EXACT);
    }

    @AfterAll
    static void report() throws IOException {
        for (Mode m : MODES.values()) {
            m.plain().close();
            m.batchFetching().close();
            m.jdbcBatching().close();
        }
        String text = String.format(Locale.ROOT, """
                # Diagnostics corpus
                %d access patterns; expected findings %d; reported %d (call stacks EXACT; SAMPLED gives the same
                findings, checked by the same tests).

                | detector | true positives | false positives | false negatives | precision | recall |
                | --- | --- | --- | --- | --- | --- |
                | scalelab (N+1 and DUPLICATE) | %d | %d | %d | %.3f | %.3f |
                | count-only (fingerprint >= 3 per unit, N+1 only) | %d | %d | %d | %.3f | %.3f |

                | layer | pattern | statements | expected | reported |
                | --- | --- | --- | --- | --- |
                %s
                """, cases, tp + fn, tp + fp, tp, fp, fn, ratio(tp, tp + fp), ratio(tp, tp + fn),
                naiveTp, naiveFp, naiveFn, ratio(naiveTp, naiveTp + naiveFp), ratio(naiveTp, naiveTp + naiveFn),
                String.join("\n", rows));
        Path out = Path.of("target", "corpus-report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.println(text);
        assertThat(cases).isGreaterThanOrEqualTo(30);
    }

    static double ratio(int a, int b) {
        return b == 0 ? 1.0 : (double) a / b;
    }

    @TestFactory
    Stream<DynamicContainer> corpus_patterns_produce_exactly_their_labeled_findings() {
        return Stream.of(StackMode.EXACT, StackMode.SAMPLED).map(mode -> DynamicContainer.dynamicContainer(
                "call stacks " + mode, corpus().stream().map(c -> DynamicTest.dynamicTest(
                        c.layer() + ": " + c.name(), () -> run(mode, c)))));
    }

    static synchronized void run(StackMode mode, Case c) throws Exception {
        use(mode);
        Runner r = new Runner();
        c.body().run(r);
        if (mode != StackMode.EXACT) {
            assertFindings(c, r, r.reports.stream().flatMap(u -> u.findings().stream()).toList());
            return;
        }
        List<Finding> actual = new ArrayList<>();
        for (UnitReport report : r.reports) {
            actual.addAll(report.findings());
        }
        List<Expect> missing = new ArrayList<>(c.expected());
        List<Finding> unexpected = new ArrayList<>();
        for (Finding f : actual) {
            Expect match = missing.stream().filter(e -> e.matches(f)).findFirst().orElse(null);
            if (match == null) {
                unexpected.add(f);
            } else {
                missing.remove(match);
            }
        }
        cases++;
        tp += actual.size() - unexpected.size();
        fp += unexpected.size();
        fn += missing.size();
        naive(r.reports, c.expected());
        int statements = r.reports.stream().mapToInt(UnitReport::statements).sum();
        rows.add("| " + c.layer() + " | " + c.name() + " | " + statements + " | " + describe(c.expected()) + " | "
                + actual.stream().map(f -> f.kind() + " " + f.count()).toList() + " |");
        for (Finding f : actual) {
            if (f.kind() == N_PLUS_ONE && c.layer().equals("Hibernate")) {
                assertThat(f.hint()).contains("JOIN FETCH", "@EntityGraph", "@BatchSize", "hibernate.default_batch_fetch_size");
            } else if (f.kind() == N_PLUS_ONE) {
                assertThat(f.hint()).contains("= ANY(?)");
            }
        }
        assertFindings(c, r, actual);
    }

    static void assertFindings(Case c, Runner r, List<Finding> actual) {
        List<Expect> missing = new ArrayList<>(c.expected());
        List<Finding> unexpected = new ArrayList<>();
        for (Finding f : actual) {
            Expect match = missing.stream().filter(e -> e.matches(f)).findFirst().orElse(null);
            if (match == null) {
                unexpected.add(f);
            } else {
                missing.remove(match);
            }
        }
        assertThat(unexpected).as("findings that %s must not produce (call stacks %s); what ran:%n%s", c.name(),
                current, whatRan(r)).extracting(Finding::message).isEmpty();
        assertThat(missing).as("findings that %s must produce (call stacks %s); reported: %s; what ran:%n%s", c.name(),
                current, actual.stream().map(Finding::message).toList(), whatRan(r)).isEmpty();
    }

    /** The count-only detector most tools use: any fingerprint run >= 3 times in a unit is "N+1". */
    static void naive(List<UnitReport> reports, List<Expect> expected) {
        List<Expect> wanted = new ArrayList<>(expected.stream().filter(e -> e.kind() == N_PLUS_ONE).toList());
        for (UnitReport report : reports) {
            for (StatementGroup g : report.groups()) {
                if (g.count() < 3) {
                    continue;
                }
                Expect match = wanted.stream().filter(e -> g.fingerprint().contains(e.fingerprint())).findFirst()
                        .orElse(null);
                if (match == null) {
                    naiveFp++;
                } else {
                    naiveTp++;
                    wanted.removeIf(e -> g.fingerprint().contains(e.fingerprint()));
                }
            }
        }
        naiveFn += wanted.size();
    }

    static String describe(List<Expect> expected) {
        return expected.isEmpty() ? "none" : expected.stream().map(e -> e.kind() + " " + e.count()).toList().toString();
    }

    static String whatRan(Runner r) {
        StringBuilder b = new StringBuilder();
        for (UnitReport report : r.reports) {
            b.append(report.unit()).append(":\n");
            for (StatementGroup g : report.groups()) {
                b.append(String.format("  %4d × %s  at %s (%d call sites)%n", g.count(), g.fingerprint(), g.callSite(),
                        g.callSites()));
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------ the messages users read

    static synchronized List<Finding> findings(Case c) throws Exception {
        use(StackMode.EXACT);
        Runner r = new Runner();
        c.body().run(r);
        return r.reports.stream().flatMap(u -> u.findings().stream()).toList();
    }

    @org.junit.jupiter.api.Test
    void a_loop_with_repeating_keys_is_one_n_plus_one_whose_hint_counts_the_repeats() throws Exception {
        List<Finding> found = findings(jdbc("feed", JdbcBlog::authorsOfArticlesOneByOne));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).message()).matches(java.util.regex.Pattern.quote(
                "feed: N+1: 30 × select name from author where id = ? at JdbcBlog.authorName(JdbcBlog.java:27) (")
                + "\\d+\\.\\d{3}" + java.util.regex.Pattern.quote(" ms) — run one statement for all keys instead of"
                + " one per key: ... where id = ANY(?) with an array of the keys (Connection.createArrayOf), then match"
                + " the rows in memory; 20 of the 30 reads repeated a key this loop had read already (10 distinct keys)"));
    }

    @org.junit.jupiter.api.Test
    void a_duplicate_read_from_three_places_lists_each_call_site_with_its_count() throws Exception {
        List<Finding> found = findings(jdbc("page", JdbcBlog::settingReadThreeTimes));
        assertThat(found).hasSize(1);
        Finding f = found.get(0);
        assertThat(f.callSite()).isEqualTo("JdbcBlog.setting(JdbcBlog.java:88)");
        assertThat(f.sites()).extracting(Finding.Site::callSite).containsExactly(
                "JdbcBlog.setting(JdbcBlog.java:88) ← JdbcBlog.header(JdbcBlog.java:327)",
                "JdbcBlog.setting(JdbcBlog.java:88) ← JdbcBlog.footer(JdbcBlog.java:331)",
                "JdbcBlog.setting(JdbcBlog.java:88) ← JdbcBlog.settingReadThreeTimes(JdbcBlog.java:323)");
        assertThat(f.message()).startsWith("page: DUPLICATE: 3 × select value from setting where key = ? with"
                + " identical parameters at JdbcBlog.setting(JdbcBlog.java:88) from 3 places:"
                + " JdbcBlog.header(JdbcBlog.java:327) (1 ×), JdbcBlog.footer(JdbcBlog.java:331) (1 ×),"
                + " JdbcBlog.settingReadThreeTimes(JdbcBlog.java:323) (1 ×) (")
                .endsWith(" ms) — the same result was read 3 times; read it once and reuse it (pass it along or keep"
                        + " it in a request-scoped cache)");
    }

    @org.junit.jupiter.api.Test
    void a_lazy_collection_hint_names_the_collection_and_its_owner() throws Exception {
        List<Finding> found = findings(orm("articles", PLAIN, HibernateBlog::countCommentsLazily));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).hint()).isEqualTo("Hibernate initializes one comment collection per article (by"
                + " comment.article_id): fetch the collection with the query that loads the article (JOIN FETCH or"
                + " @EntityGraph), or batch it (@BatchSize on the collection, or hibernate.default_batch_fetch_size)");
    }

    @org.junit.jupiter.api.Test
    void a_many_to_many_hint_names_the_joined_collection_and_its_owner() throws Exception {
        List<Finding> found = findings(orm("articles", PLAIN, HibernateBlog::countTagsLazily));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).hint()).isEqualTo("Hibernate initializes one tag collection per article (through"
                + " article_tag.article_id): fetch the collection with the query that loads the article (JOIN FETCH or"
                + " @EntityGraph), or batch it (@BatchSize on the collection, or hibernate.default_batch_fetch_size)");
    }

    @org.junit.jupiter.api.Test
    void a_lazy_many_to_one_hint_names_the_loaded_table() throws Exception {
        List<Finding> found = findings(orm("feed", PLAIN, HibernateBlog::renderFeedLazily));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).hint()).isEqualTo("Hibernate loads author rows one at a time: fetch them with the"
                + " query that loads the entities that reference them (JOIN FETCH on the association or an"
                + " @EntityGraph), or batch them (@BatchSize on the entity, or hibernate.default_batch_fetch_size)");
    }
}
