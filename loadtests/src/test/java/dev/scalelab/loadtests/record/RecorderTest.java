package dev.scalelab.loadtests.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final Recorder recorder = new Recorder(nanos::get, clock, Duration.ofSeconds(10), Duration.ofSeconds(20));

    private static final Recorder.RunFacts FACTS = new Recorder.RunFacts("StoryWorkload", "http://127.0.0.1:1",
            true, Map.of("rate", "5"), 3, 1, 10);

    /** An OK page observation issued at {@code atSec} after start. */
    private Observation page(String name, double atSec, int status, long ms) {
        long start = 1_000_000_000L + (long) (atSec * 1e9);
        return new Observation(name, null, "/", null, start, start + ms * 1_000_000, status, ms, 200,
                "db;dur=1.0;desc=\"4 statements\"", "MISS", null, "anonymous", null, false);
    }

    private ClientResults results() {
        return recorder.results(FACTS, new ClientResults.InjectorStats(100, 1000, 80, 900, 5, 2));
    }

    @Nested
    class Phases {
        @Test
        void only_requests_issued_inside_the_window_reach_the_routes() {
            recorder.end(page("GET /", 5, 200, 3));     // warm-up
            recorder.end(page("GET /", 10, 200, 4));    // first measured instant
            recorder.end(page("GET /", 29.9, 200, 5));  // measured
            recorder.end(page("GET /", 30, 503, 6));    // drain

            ClientResults r = results();
            assertThat(r.route("GET /").requests()).isEqualTo(2);
            assertThat(r.warmup().requests()).isEqualTo(1);
            assertThat(r.drain().requests()).isEqualTo(1);
            assertThat(r.drain().ko()).isEqualTo(1);
            assertThat(r.run().measuredSec()).isEqualTo(20.0);
            assertThat(r.route("GET /").throughputRps()).isEqualTo(0.1);
            assertThat(r.run().measurementStartedAtEpochMs() - r.run().startedAtEpochMs()).isEqualTo(10_000);
        }

        @Test
        void the_time_series_covers_every_phase_by_second_of_completion() {
            recorder.end(page("GET /", 0.5, 200, 3));
            recorder.end(page("GET /", 2.2, 500, 700));
            ClientResults r = results();
            assertThat(r.timeSeries()).extracting(ClientResults.SecondSample::requests).containsExactly(1L, 0L, 1L);
            assertThat(r.timeSeries().get(2).ko()).isEqualTo(1);
            assertThat(r.timeSeries().get(2).p95Ms()).isBetween(690L, 710L);
        }
    }

    @Nested
    class Outcomes {
        @Test
        void status_statements_cache_and_latency_per_route() {
            recorder.end(page("GET /", 11, 200, 10));
            recorder.end(page("GET /", 12, 200, 30));
            recorder.end(new Observation("GET /users/{id}", null, "/users/3", null, 13_000_000_000L, 13_001_000_000L,
                    200, 1L, 200, "db;dur=2;desc=\"1 statement\"", "HIT", null, null, null, false));

            ClientResults.RouteResult feed = results().route("GET /");
            assertThat(feed.ok()).isEqualTo(2);
            assertThat(feed.latencyMs().max()).isEqualTo(30);
            assertThat(feed.latencyMs().histogram().getTotalCount()).isEqualTo(2);
            assertThat(feed.statements().mean()).isEqualTo(4.0);
            assertThat(feed.statements().histogram()).containsExactly(new ClientResults.ValueCount(4, 2));
            assertThat(feed.cache().hitRate()).isEqualTo(0.0);
            assertThat(feed.cache().consulted()).isTrue();

            ClientResults.RouteResult total = results().total();
            assertThat(total.requests()).isEqualTo(3);
            assertThat(total.cache().hits()).isEqualTo(1);
        }

        @Test
        void a_route_without_cache_header_is_not_consulted_rather_than_zero_percent() {
            recorder.end(new Observation("GET /health", null, "/health", null, 11_000_000_000L, 11_000_000_000L,
                    200, 0L, 200, null, null, null, null, null, false));
            ClientResults.RouteResult health = results().route("GET /health");
            assertThat(health.cache().consulted()).isFalse();
            assertThat(health.cache().hitRate()).isNull();
            assertThat(health.statements()).isNull();
        }

        @Test
        void connection_exhaustion_is_its_own_class_apart_from_other_server_errors() {
            Observation refused = new Observation("GET /", null, "/", null, 11_000_000_000L, 11_000_000_000L,
                    503, 2L, 200, null, null, "53300", "anonymous", null, true);
            Observation crashed = new Observation("GET /", null, "/", null, 11_000_000_000L, 11_000_000_000L,
                    500, 2L, 200, null, null, null, "anonymous", null, true);
            assertThat(recorder.end(refused).message()).isEqualTo("database refused a connection: 503 with X-Db-Error: 53300");
            assertThat(recorder.end(crashed).message()).isEqualTo("status: expected 200, saw 500");

            ClientResults.RouteResult feed = results().route("GET /");
            assertThat(feed.connectionErrors()).isEqualTo(1);
            assertThat(feed.connectionErrorCodes()).containsEntry("53300", 1L);
            assertThat(feed.serverErrors()).isEqualTo(1);
            assertThat(feed.identityChecks()).isZero();
        }

        @Test
        void every_identity_leak_is_counted_and_a_few_are_kept_as_examples() {
            for (int i = 0; i < 25; i++) {
                long start = 12_000_000_000L + i;
                recorder.end(new Observation("GET /", null, "/", "user2@scalelab.test", start, start, 200, 1L, 200,
                        null, "HIT", null, "Bob Ross", "Hello, Gina Caputo", true));
            }
            ClientResults r = results();
            assertThat(r.identityLeaks().count()).isEqualTo(25);
            assertThat(r.identityLeaks().examples()).hasSize(Recorder.LEAK_EXAMPLES);
            assertThat(r.identityLeaks().examples().get(0))
                    .isEqualTo(new ClientResults.LeakExample("GET /", "/", "user2@scalelab.test", "Bob Ross",
                            "Gina Caputo", 11.0, false));
            assertThat(r.route("GET /").koMessages())
                    .containsExactly(new ClientResults.MessageCount("identity leak: expected Bob Ross, saw Gina Caputo", 25));
        }

        @Test
        void a_leak_to_an_anonymous_visitor_names_the_visitor_anonymous() {
            recorder.end(new Observation("GET /", null, "/", null, 12_000_000_000L, 12_000_000_000L, 200, 1L, 200,
                    null, "HIT", null, "anonymous", "Hello, Gina Caputo", true));
            assertThat(results().identityLeaks().examples().get(0).user()).isEqualTo("anonymous");
            assertThat(results().identityLeaks().examples().get(0).saw()).isEqualTo("Gina Caputo");
        }

        @Test
        void no_response_is_a_ko_timed_by_the_clock() {
            recorder.end(new Observation("GET /", null, "/", null, 11_000_000_000L, 11_250_000_000L,
                    null, null, 200, null, null, null, "anonymous", null, true));
            ClientResults.RouteResult feed = results().route("GET /");
            assertThat(feed.noResponse()).isEqualTo(1);
            assertThat(feed.statusCounts()).containsEntry("none", 1L);
            assertThat(feed.latencyMs().max()).isEqualTo(250);
            assertThat(feed.koMessages().get(0).message()).isEqualTo("no response: connection failed, was reset or timed out");
        }

        @Test
        void no_response_without_issue_time_is_counted_but_kept_out_of_the_latencies() {
            recorder.end(page("GET /", 11, 200, 40));
            recorder.end(new Observation("GET /", null, "/", null, 12_000_000_000L, 12_000_000_000L,
                    null, null, 200, null, null, null, "anonymous", null, true));
            ClientResults.RouteResult feed = results().route("GET /");
            assertThat(feed.requests()).isEqualTo(2);
            assertThat(feed.noResponse()).isEqualTo(1);
            assertThat(feed.latencyMs().count()).isEqualTo(1);
            assertThat(feed.latencyMs().min()).isEqualTo(40);
        }

        @Test
        void visits_cut_short_by_the_end_of_the_run_are_unfinished() {
            recorder.visitStarted();
            recorder.visitStarted();
            recorder.visitFinished();
            assertThat(results().unfinishedVisits()).isEqualTo(1);
        }

        @Test
        void visitors_started_late_against_a_constant_rate_schedule_show_as_arrival_lag() {
            // 10 visitors/s: slots every 100 ms from time zero; Gatling starts injecting 30 ms after it
            recorder.scheduleArrivals(10);
            long zero = recorder.startNanos();
            long[] lateMs = {30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 150};
            for (int i = 0; i < lateMs.length; i++) {
                nanos.set(zero + i * 100_000_000L + lateMs[i] * 1_000_000L);
                recorder.visitStarted();
            }
            ClientResults.ArrivalLag lag = recorder.arrivalLag();
            assertThat(lag.arrivals()).isEqualTo(20);
            assertThat(lag.p95Ms()).isEqualTo(0.0);       // 19 of 20 on time once the schedule starts with the first
            assertThat(lag.maxMs()).isCloseTo(120.0, within(2.0));
        }

        @Test
        void without_a_schedule_there_is_no_arrival_lag() {
            recorder.visitStarted();
            assertThat(recorder.arrivalLag()).isNull();
            assertThat(results().injector().arrivalLag()).isNull();
        }

        @Test
        void a_route_handle_records_like_a_lookup() {
            Recorder.Route feed = recorder.route("GET /", null);
            feed.end(page("GET /", 11, 200, 7));
            recorder.end(page("GET /", 12, 200, 9));
            assertThat(results().routes()).hasSize(1);
            assertThat(results().route("GET /").requests()).isEqualTo(2);
        }
    }

    @Nested
    class Json {
        @Test
        void round_trips_through_an_atomically_written_file(@TempDir Path dir) throws Exception {
            recorder.end(page("GET /", 11, 200, 10));
            ClientResults written = results();
            Path file = dir.resolve("client-results.json");
            written.write(file);

            ClientResults read = ClientResults.read(file);
            assertThat(read).isEqualTo(written);
            assertThat(read.route("GET /").latencyMs().histogram().getMaxValue()).isEqualTo(10);
            try (var files = Files.list(dir)) {
                assertThat(files).containsExactly(file);
            }
        }

        @Test
        void reading_says_what_is_wrong_with_the_file(@TempDir Path dir) throws Exception {
            assertThatThrownBy(() -> ClientResults.read(dir.resolve("missing.json")))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessage("no client results at " + dir.resolve("missing.json"));
            Path newer = dir.resolve("newer.json");
            Files.writeString(newer, "{\"schemaVersion\": 99}");
            assertThatThrownBy(() -> ClientResults.read(newer))
                    .hasMessageContaining("has schemaVersion 99, this scalelab reads up to 1");
            Path garbage = dir.resolve("garbage.json");
            Files.writeString(garbage, "not json");
            assertThatThrownBy(() -> ClientResults.read(garbage))
                    .hasMessageStartingWith("cannot read client results " + garbage + ": ");
        }
    }
}
