package dev.scalelab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The reference app on the machine's real PostgreSQL, one nested group per scaling switch. */
class ReferenceAppTest {

    static DatabaseSettings db;

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabases.dedicated("scalelab_app_it");
    }

    static ReferenceApp start(AppSettings.Builder b) {
        return ReferenceApp.start(b.database(db).port(0).build(), line -> { });
    }

    abstract static class Running {
        ReferenceApp app;

        abstract AppSettings.Builder settings();

        @BeforeAll
        void startApp() {
            app = start(settings());
        }

        @AfterAll
        void stopApp() {
            if (app != null) {
                app.close();
            }
        }

        Browser browser() {
            return new Browser(app.baseUrl());
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class LazyFetch extends Running {
        @Override
        AppSettings.Builder settings() {
            return AppSettings.builder().fetch(FetchMode.LAZY);
        }

        @Test
        void home_page_issues_more_than_a_thousand_statements() throws Exception {
            HttpResponse<String> r = browser().get("/");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Browser.statements(r)).isGreaterThan(1_000);
            assertThat(r.body()).contains("Latest articles").contains("<footer id=\"render-time\">rendered in ");
        }

        @Test
        void article_and_profile_pages_render() throws Exception {
            Browser b = browser();
            HttpResponse<String> article = b.get("/articles/1");
            assertThat(article.statusCode()).isEqualTo(200);
            assertThat(article.body()).contains("Comments").contains("followers");
            HttpResponse<String> user = b.get("/users/1");
            assertThat(user.statusCode()).isEqualTo(200);
            assertThat(user.body()).contains("Gina Caputo");
        }

        @Test
        void unknown_or_malformed_ids_are_404_without_a_stack_trace() throws Exception {
            Browser b = browser();
            for (String path : new String[] {"/articles/99999999", "/articles/abc", "/users/-1",
                    "/articles/123456789012345678901234567890", "/users/1.5", "/no/such/page"}) {
                HttpResponse<String> r = b.get(path);
                assertThat(r.statusCode()).as(path).isEqualTo(404);
                assertThat(r.body()).as(path).doesNotContain("Exception").doesNotContain("at dev.scalelab");
            }
            assertThat(b.get("/articles/99999999").body()).contains("There is no article 99999999.");
        }

        @Test
        void per_request_mode_opens_a_physical_connection_for_every_request() throws Exception {
            Browser b = browser();
            long before = sessionsOpened();
            for (int i = 0; i < 10; i++) {
                assertThat(b.get("/users/" + (i + 1)).statusCode()).isEqualTo(200);
            }
            assertThat(sessionsOpened() - before).isGreaterThanOrEqualTo(10);
        }

        @Test
        void health_answers_ok() throws Exception {
            HttpResponse<String> r = browser().get("/health");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(Browser.statements(r)).isEqualTo(1);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class EagerFetchWithPool extends Running {
        @Override
        AppSettings.Builder settings() {
            return AppSettings.builder().fetch(FetchMode.EAGER).connections(ConnectionMode.POOL).poolSize(4);
        }

        @Test
        void home_page_issues_at_most_five_statements() throws Exception {
            HttpResponse<String> r = browser().get("/");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Browser.statements(r)).isBetween(1, 5);
        }

        @Test
        void eager_pages_show_the_same_content_as_lazy_ones() throws Exception {
            try (ReferenceApp lazy = start(AppSettings.builder().fetch(FetchMode.LAZY))) {
                Browser lazyBrowser = new Browser(lazy.baseUrl());
                Browser eagerBrowser = browser();
                for (String path : new String[] {"/", "/articles/7", "/users/3"}) {
                    assertThat(withoutRenderTime(eagerBrowser.get(path).body()))
                            .as(path).isEqualTo(withoutRenderTime(lazyBrowser.get(path).body()));
                }
            }
        }

        @Test
        void pooled_mode_reuses_connections() throws Exception {
            Browser b = browser();
            b.get("/users/1");
            long before = sessionsOpened();
            for (int i = 0; i < 10; i++) {
                assertThat(b.get("/users/" + (i + 1)).statusCode()).isEqualTo(200);
            }
            assertThat(sessionsOpened() - before).isLessThanOrEqualTo(2);
        }

        @Test
        void sign_in_greets_the_user_and_sign_out_forgets_them() throws Exception {
            Browser b = browser();
            assertThat(Browser.greeted(b.get("/"))).isEqualTo("anonymous");
            HttpResponse<String> login = b.login(1);
            assertThat(login.statusCode()).isEqualTo(303);
            assertThat(login.headers().firstValue("Set-Cookie").orElse("")).startsWith("session=").contains("HttpOnly");
            assertThat(Browser.greeted(b.get("/"))).isEqualTo("Gina Caputo");
            assertThat(b.post("/logout", Map.of()).statusCode()).isEqualTo(303);
            assertThat(Browser.greeted(b.get("/"))).isEqualTo("anonymous");
        }

        @Test
        void a_wrong_password_is_refused() throws Exception {
            Browser b = browser();
            HttpResponse<String> r = b.post("/login", Map.of("email", "user2@scalelab.test", "password", "nope"));
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).contains("Wrong email or password.");
            assertThat(Browser.greeted(b.get("/"))).isEqualTo("anonymous");
        }

        @Test
        void user_content_is_escaped() throws Exception {
            Browser b = browser();
            b.login(5);
            String hostile = "<script>alert('x')</script> & \"quotes\"";
            HttpResponse<String> post = b.post("/articles/11/comments", Map.of("body", hostile));
            assertThat(post.statusCode()).isEqualTo(303);
            assertThat(post.headers().firstValue("Location")).hasValue("/articles/11");
            String page = b.get("/articles/11").body();
            assertThat(page).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;")
                    .doesNotContain("<script>alert");
        }

        @Test
        void commenting_needs_a_signed_in_user() throws Exception {
            HttpResponse<String> r = browser().post("/articles/11/comments", Map.of("body", "hello"));
            assertThat(r.statusCode()).isEqualTo(401);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class SharedPageCache extends Running {
        @Override
        AppSettings.Builder settings() {
            return AppSettings.builder().fetch(FetchMode.EAGER).cache(CacheMode.PAGE_SHARED);
        }

        @Test
        void serves_the_first_users_page_to_everybody() throws Exception {
            Browser gina = browser();
            Browser other = browser();
            gina.login(1);
            other.login(2);
            HttpResponse<String> first = gina.get("/users/42");
            assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
            assertThat(Browser.greeted(first)).isEqualTo("Gina Caputo");
            HttpResponse<String> second = other.get("/users/42");
            assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(Browser.greeted(second)).isEqualTo("Gina Caputo");
            assertThat(Browser.statements(second)).isZero();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class FragmentCache extends Running {
        @Override
        AppSettings.Builder settings() {
            return AppSettings.builder().fetch(FetchMode.EAGER).cache(CacheMode.FRAGMENT);
        }

        @Test
        void hits_and_greets_every_user_by_their_own_name() throws Exception {
            Browser gina = browser();
            Browser other = browser();
            Browser anonymous = browser();
            gina.login(1);
            other.login(2);
            String secondName = Browser.greeted(other.get("/login"));
            assertThat(secondName).isNotEqualTo("Gina Caputo").isNotEqualTo("anonymous");
            HttpResponse<String> first = gina.get("/users/43");
            assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
            HttpResponse<String> second = other.get("/users/43");
            assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(Browser.greeted(second)).isEqualTo(secondName);
            HttpResponse<String> third = anonymous.get("/users/43");
            assertThat(third.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(Browser.greeted(third)).isEqualTo("anonymous");
            assertThat(Browser.statements(third)).isZero();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class CookieKeyedPageCache extends Running {
        @Override
        AppSettings.Builder settings() {
            return AppSettings.builder().fetch(FetchMode.EAGER).cache(CacheMode.PAGE_BY_COOKIE);
        }

        @Test
        void is_consulted_but_never_hits_because_every_response_sets_a_new_cookie() throws Exception {
            Browser b = browser();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = b.get("/users/44");
                assertThat(r.headers().firstValue("X-Cache")).hasValue("MISS");
                assertThat(r.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("tracking="));
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class DiagnosticsEndpoint extends Running {
        @Override
        AppSettings.Builder settings() {
            return AppSettings.builder().fetch(FetchMode.LAZY).diagnosticsToken("s3cret-token");
        }

        @Test
        void is_invisible_without_the_token() throws Exception {
            assertThat(browser().get("/_scalelab/diagnostics").statusCode()).isEqualTo(404);
            assertThat(new java.net.URL(app.baseUrl()).getHost()).isEqualTo("127.0.0.1");
        }

        @Test
        void shows_per_route_statements_and_n_plus_one_findings_to_a_loopback_client_with_the_token() throws Exception {
            var http = java.net.http.HttpClient.newHttpClient();
            var reset = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.baseUrl() + "/_scalelab/diagnostics/reset"))
                    .header("X-Scalelab-Token", "s3cret-token").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(reset.statusCode()).isEqualTo(204);
            browser().get("/articles/3");
            browser().get("/articles/4");
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.baseUrl() + "/_scalelab/diagnostics"))
                    .header("X-Scalelab-Token", "s3cret-token").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
            assertThat(json.get("fetch").asText()).isEqualTo("lazy");
            assertThat(r.body()).contains("GET /articles/{id}").contains("N_PLUS_ONE").doesNotContain("GET /articles/3");
            var wrongToken = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.baseUrl() + "/_scalelab/diagnostics"))
                    .header("X-Scalelab-Token", "s3cret-tokeX").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(wrongToken.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void the_naive_comment_path_warm_up_stores_nothing_and_sends_no_notification() throws Exception {
        try (dev.scalelab.app.db.Database d = dev.scalelab.app.db.Database.open(db, line -> { })) {
            d.migrate();
            try (Connection c = d.connect()) {
                dev.scalelab.app.data.Seeder.ensure(c, DatasetSpec.DEFAULT, line -> { }); // not counted below
            }
        }
        long comments = commentCount();
        java.util.List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ReferenceApp app = ReferenceApp.start(AppSettings.builder().database(db).port(0).notifyLatencyMs(0)
                .warmUpWrites(25).diagnosticsToken("warm-up-token").build(), log::add)) {
            assertThat(log).anyMatch(l -> l.startsWith("comment path warmed up: 25 comments posted and rolled back in "));
            assertThat(commentCount()).isEqualTo(comments);
            var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(app.baseUrl() + "/_scalelab/diagnostics"))
                    .header("X-Scalelab-Token", "warm-up-token").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
            assertThat(json.path("notificationsSent").asLong()).isZero();
            assertThat(r.body()).contains("warm-up: POST /articles/{id}/comments (rolled back)");
        }
    }

    static long commentCount() throws Exception {
        try (Connection c = DriverManager.getConnection(db.url().orElseThrow());
             ResultSet rs = c.createStatement().executeQuery("select count(*) from comment")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String withoutRenderTime(String html) {
        return html.replaceAll("rendered in [0-9.]+ ms", "rendered in ? ms");
    }

    static long sessionsOpened() throws Exception {
        String url = db.url().orElseThrow();
        try (Connection c = DriverManager.getConnection(TestDatabases.ADMIN_URL);
             ResultSet rs = c.createStatement().executeQuery(
                     "select sessions from pg_stat_database where datname = '" + url.replaceAll(".*/([^/?]+).*", "$1") + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
