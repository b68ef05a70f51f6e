package dev.scalelab.diagnostics.detect;

import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.StatementGroup;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.sql.FingerprintCache;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Resolving a call stack is the dearest part of recording, so the analysis only looks at the stacks
 * of statements that repeat in a unit, and at the others' when a report is read.
 */
class LazyStackTest {

    /** A stack that counts how often it is looked at (hashing, comparing, reading frames). */
    static final class CountingStack implements CallStack {
        final String site;
        final AtomicInteger looks;

        CountingStack(String site, AtomicInteger looks) {
            this.site = site;
            this.looks = looks;
        }

        @Override
        public List<String> applicationFrames() {
            looks.incrementAndGet();
            return List.of("com.shop." + site);
        }

        @Override
        public List<String> traceFrames() {
            return applicationFrames();
        }

        @Override
        public String callSite() {
            looks.incrementAndGet();
            return site;
        }

        @Override
        public Origin origin() {
            looks.incrementAndGet();
            return Origin.JDBC;
        }

        @Override
        public int hashCode() {
            looks.incrementAndGet();
            return site.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            looks.incrementAndGet();
            return o instanceof CountingStack other && other.site.equals(site);
        }
    }

    static Execution run(String sql, long param, CallStack stack) {
        return new Execution(sql, List.of(param), null, 0, 10, 1, stack, "main");
    }

    @Test
    void stacks_of_statements_that_ran_fewer_times_than_the_threshold_are_not_looked_at_until_a_report_is_read() {
        AtomicInteger once = new AtomicInteger();
        AtomicInteger loop = new AtomicInteger();
        UnitAnalysis analysis = new UnitAnalysis(DetectionSettings.defaults(), new FingerprintCache(100));
        analysis.add(run("select * from article where id = ?", 1, new CountingStack("Feed.articles(Feed.java:10)", once)));
        analysis.add(run("select * from tag where article_id = ?", 1, new CountingStack("Feed.tags(Feed.java:11)", once)));
        analysis.add(run("select * from tag where article_id = ?", 2, new CountingStack("Feed.tags(Feed.java:11)", once)));
        for (int id = 1; id <= 4; id++) {
            analysis.add(run("select name from author where id = ?", id, new CountingStack("Feed.author(Feed.java:12)", loop)));
        }

        UnitReport report = analysis.finish("GET /");

        assertThat(once.get()).as("looks at the stacks of statements that ran once or twice").isZero();
        assertThat(loop.get()).as("the loop's stacks are compared").isPositive();
        assertThat(report.findings()).extracting(Finding::kind, Finding::count, Finding::callSite)
                .containsExactly(tuple(Finding.Kind.N_PLUS_ONE, 4, "Feed.author(Feed.java:12)"));
        assertThat(report.statements()).isEqualTo(7);

        List<StatementGroup> groups = report.groups();
        assertThat(groups).extracting(StatementGroup::fingerprint, StatementGroup::count, StatementGroup::callSite,
                        StatementGroup::callSites)
                .containsExactly(
                        tuple("select name from author where id = ?", 4, "Feed.author(Feed.java:12)", 1),
                        tuple("select * from tag where article_id = ?", 2, "Feed.tags(Feed.java:11)", 1),
                        tuple("select * from article where id = ?", 1, "Feed.articles(Feed.java:10)", 1));
        assertThat(once.get()).as("reading the groups resolves the call sites").isPositive();
    }

    @Test
    void two_call_sites_below_the_threshold_are_still_told_apart_in_the_groups() {
        AtomicInteger looks = new AtomicInteger();
        UnitAnalysis analysis = new UnitAnalysis(DetectionSettings.defaults(), new FingerprintCache(100));
        analysis.add(run("select name from author where id = ?", 1, new CountingStack("Feed.author(Feed.java:12)", looks)));
        analysis.add(run("select name from author where id = ?", 2, new CountingStack("Sidebar.author(Sidebar.java:7)", looks)));

        UnitReport report = analysis.finish("GET /");

        assertThat(report.findings()).isEmpty();
        assertThat(report.groups()).singleElement().satisfies(g -> {
            assertThat(g.count()).isEqualTo(2);
            assertThat(g.callSites()).isEqualTo(2);
            assertThat(g.callSite()).isEqualTo("Feed.author(Feed.java:12)");
        });
    }
}
