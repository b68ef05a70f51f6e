package dev.scalelab.loadtests.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProbesTest {

    @Nested
    class ServerTimingHeader {
        @Test
        void reads_statements_and_db_time_of_the_db_metric() {
            String header = "db;dur=12.5;desc=\"1292 statements\"";
            assertThat(ServerTiming.statements(header)).hasValue(1292);
            assertThat(ServerTiming.dbMillis(header)).hasValue(12.5);
        }

        @Test
        void finds_the_db_metric_among_others_in_any_parameter_order() {
            String header = "app;desc=\"x, db;dur=9\";dur=40, db ; desc = \"1 statement\" ; dur = 0.4, cache;desc=\"a, b\"";
            assertThat(ServerTiming.statements(header)).hasValue(1);
            assertThat(ServerTiming.dbMillis(header)).hasValue(0.4);
        }

        @Test
        void is_empty_when_absent_or_malformed() {
            assertThat(ServerTiming.statements(null)).isEmpty();
            assertThat(ServerTiming.statements("")).isEmpty();
            assertThat(ServerTiming.statements("app;dur=3")).isEmpty();
            assertThat(ServerTiming.statements("db;dur=3")).isEmpty();
            assertThat(ServerTiming.statements("db;desc=\"many statements\"")).isEmpty();
            assertThat(ServerTiming.statements("db;desc=\"12 queries\"")).isEmpty();
            assertThat(ServerTiming.statements("db;desc=\"99999999999 statements\"")).isEmpty();
            assertThat(ServerTiming.dbMillis("db;dur=;desc=\"1 statement\"")).isEmpty();
            assertThat(ServerTiming.statements("dbx;desc=\"4 statements\"")).isEmpty();
        }
    }

    @Nested
    class CacheHeaders {
        @Test
        void x_cache_hit_miss_or_nothing() {
            assertThat(CacheLookup.of("HIT")).isEqualTo(CacheLookup.HIT);
            assertThat(CacheLookup.of(" miss")).isEqualTo(CacheLookup.MISS);
            assertThat(CacheLookup.of(null)).isEqualTo(CacheLookup.NOT_CONSULTED);
            assertThat(CacheLookup.of("bypass")).isEqualTo(CacheLookup.NOT_CONSULTED);
        }
    }

    @Nested
    class Greeting {
        @Test
        void a_signed_in_page_greets_its_user_by_name() {
            String html = "<header><span id=\"greeting\">Hello, Gina Caputo</span></header>";
            assertThat(Identity.seen(Identity.greetingOf(html))).isEqualTo("Gina Caputo");
            assertThat(Identity.leak("Gina Caputo", Identity.greetingOf(html))).isNull();
        }

        @Test
        void names_are_html_unescaped() {
            String html = "<span class=\"x\" id=\"greeting\">Hello, Zo&euml; O&#39;Brien &amp; Co</span>";
            assertThat(Identity.seen(Identity.greetingOf(html))).isEqualTo("Zo&euml; O'Brien & Co");
        }

        @Test
        void an_anonymous_page_has_no_greeting() {
            String html = "<a id=\"signin\" href=\"/login\">Sign in</a>";
            assertThat(Identity.greetingOf(html)).isNull();
            assertThat(Identity.seen(null)).isEqualTo(Identity.ANONYMOUS);
            assertThat(Identity.leak(Identity.ANONYMOUS, null)).isNull();
        }

        @Test
        void another_users_name_is_a_leak_with_the_documented_message() {
            String html = "<span id=\"greeting\">Hello, Gina Caputo</span>";
            assertThat(Identity.leak("Bob Ross", Identity.greetingOf(html)))
                    .isEqualTo("identity leak: expected Bob Ross, saw Gina Caputo");
            assertThat(Identity.leak(Identity.ANONYMOUS, Identity.greetingOf(html)))
                    .isEqualTo("identity leak: expected anonymous, saw Gina Caputo");
            assertThat(Identity.leak("Bob Ross", null))
                    .isEqualTo("identity leak: expected Bob Ross, saw anonymous");
        }

        @Test
        void markup_inside_the_greeting_is_ignored() {
            assertThat(Identity.seen(Identity.greetingOf("<span id=\"greeting\">Hello, <b>Gina</b></span>")))
                    .isEqualTo("Gina");
        }
    }

    @Nested
    class ConnectionExhaustion {
        @Test
        void only_503_with_x_db_error_counts() {
            assertThat(DbError.isConnectionRefused(503, "53300")).isTrue();
            assertThat(DbError.isConnectionRefused(503, "pool-timeout")).isTrue();
            assertThat(DbError.isConnectionRefused(503, null)).isFalse();
            assertThat(DbError.isConnectionRefused(500, "53300")).isFalse();
            assertThat(DbError.isConnectionRefused(null, "53300")).isFalse();
        }
    }
}
