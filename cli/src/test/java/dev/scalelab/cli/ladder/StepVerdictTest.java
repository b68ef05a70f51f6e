package dev.scalelab.cli.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.reports.model.ErrorCount;
import dev.scalelab.reports.model.Latency;
import dev.scalelab.reports.model.RouteStats;
import dev.scalelab.reports.model.StepResult;
import dev.scalelab.reports.model.StepStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepVerdictTest {
    static Ladder.Step step(Optional<StepStatus> expect, double maxErrorRate) {
        return new Ladder.Step("naive", "", Map.of(), Optional.empty(), Optional.empty(), expect, Ladder.Stack.SINGLE,
                maxErrorRate);
    }

    static StepResult measured(long requests, long ko, long leaks) {
        return StepResult.builder("naive", StepStatus.PASSED).requests(requests).ko(ko).throughputRps(20)
                .latencyMs(new Latency(10, 50, 90, 120)).identityLeaks(leaks).connectionErrors(0L)
                .errors(List.of(new ErrorCount("database refused a connection: 503 with X-Db-Error: 53300", 380),
                        new ErrorCount("no response: connection failed, was reset or timed out", 30),
                        new ErrorCount("status: expected 200, saw 500", 2),
                        new ErrorCount("status: expected 303, saw 401", 1)))
                .build();
    }

    @Test
    void a_step_whose_requests_mostly_fail_is_failed_with_its_top_errors() {
        StepResult r = StepVerdict.judge(measured(1_000, 413, 0), step(Optional.empty(), 0.01));
        assertThat(r.status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.statusReason()).isEqualTo("error rate 41.3 % above the limit of 1 % (413 of 1000 requests "
                + "failed): database refused a connection: 503 with X-Db-Error: 53300 (380), no response: connection "
                + "failed, was reset or timed out (30), status: expected 200, saw 500 (2)");
        assertThat(r.asExpected()).isFalse();
        assertThat(r.outcome()).isEqualTo("FAILED");
    }

    @Test
    void the_story_naive_step_fails_as_expected() {
        StepResult r = StepVerdict.judge(measured(1_000, 413, 0), step(Optional.of(StepStatus.FAILED), 0.01));
        assertThat(r.outcome()).isEqualTo("FAILED (expected)");
        assertThat(r.asExpected()).isTrue();
        assertThat(LadderRun.verdict(r)).startsWith("FAILED (expected): 1000 requests, 413 KO, 20.0 req/s, p95 50 ms")
                .endsWith("; error rate 41.3 % above the limit of 1 % (413 of 1000 requests failed): database refused "
                        + "a connection: 503 with X-Db-Error: 53300 (380), no response: connection failed, was reset or "
                        + "timed out (30), status: expected 200, saw 500 (2)");
    }

    @Test
    void a_route_above_the_statement_limit_fails_the_step_whatever_its_error_rate() {
        Ladder.Step limited = new Ladder.Step("naive", "", Map.of(), Optional.empty(), Optional.empty(),
                Optional.of(StepStatus.FAILED), Ladder.Stack.SINGLE, 0.01, java.util.OptionalInt.of(100));
        StepResult quick = StepResult.builder("naive", StepStatus.PASSED).requests(50).ko(0).throughputRps(10)
                .latencyMs(new Latency(10, 50, 90, 120)).identityLeaks(0L).connectionErrors(0L)
                .routes(Map.of("GET /", new RouteStats(12, 0, null, 1083.0, null),
                        "GET /articles/{id}", new RouteStats(20, 0, null, 8.0, null),
                        "GET /users/{id}", new RouteStats(9, 0, null, 101.5, null)))
                .build();

        StepResult r = StepVerdict.judge(quick, limited);

        assertThat(r.status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.outcome()).isEqualTo("FAILED (expected)");
        assertThat(r.statusReason()).isEqualTo("GET / ran 1,083 statements per request, above the limit of 100 (the "
                + "step's findings say where they come from); GET /users/{id} ran 101.5 statements per request, above "
                + "the limit of 100 (the step's findings say where they come from)");
        assertThat(StepVerdict.judge(quick, step(Optional.empty(), 0.01)).status())
                .as("no limit, no statement verdict").isEqualTo(StepStatus.PASSED);
    }

    @Test
    void errors_within_the_limit_pass_and_the_limit_is_per_step() {
        assertThat(StepVerdict.judge(measured(1_000, 10, 0), step(Optional.empty(), 0.01)).status())
                .isEqualTo(StepStatus.PASSED);
        StepResult strict = StepVerdict.judge(measured(1_000, 10, 0), step(Optional.empty(), 0.005));
        assertThat(strict.status()).isEqualTo(StepStatus.FAILED);
        assertThat(strict.statusReason()).startsWith("error rate 1 % above the limit of 0.5 % (10 of 1000 requests failed)");
        assertThat(StepVerdict.judge(measured(1_000, 413, 0), step(Optional.empty(), 0.5)).status())
                .isEqualTo(StepStatus.PASSED);
    }

    @Test
    void leaks_fail_a_step_and_a_step_expected_to_fail_that_passed_is_unexpected() {
        StepResult leaked = StepVerdict.judge(measured(1_000, 3, 3), step(Optional.of(StepStatus.FAILED), 0.01));
        assertThat(leaked.statusReason()).isEqualTo("3 identity leaks: pages greeted the wrong user");
        assertThat(leaked.outcome()).isEqualTo("FAILED (expected)");
        StepResult clean = StepVerdict.judge(measured(1_000, 0, 0), step(Optional.of(StepStatus.FAILED), 0.01));
        assertThat(clean.outcome()).isEqualTo("PASSED (expected FAILED)");
        assertThat(clean.asExpected()).isFalse();
    }

    @Test
    void a_step_without_completed_requests_never_passes_and_errors_keep_their_status() {
        StepResult none = StepVerdict.judge(StepResult.builder("naive", StepStatus.PASSED).build(),
                step(Optional.empty(), 0.01));
        assertThat(none.status()).isEqualTo(StepStatus.FAILED);
        assertThat(none.statusReason()).isEqualTo("no request of the measurement completed");
        StepResult error = StepVerdict.judge(StepResult.builder("naive", StepStatus.ERROR).statusReason("app exited")
                .build(), step(Optional.of(StepStatus.FAILED), 0.01));
        assertThat(error.status()).isEqualTo(StepStatus.ERROR);
        assertThat(error.asExpected()).isFalse();
        assertThat(LadderRun.verdict(error)).isEqualTo("ERROR (expected FAILED) (app exited)");
    }

    @Test
    void the_limit_is_read_from_the_ladder_and_a_step_may_set_its_own() {
        Ladder l = LadderFiles.parse("l.yaml", """
                maxErrorRate: 0.05
                steps:
                  - name: a
                  - name: b
                    maxErrorRate: 0.5
                """);
        assertThat(l.step("a").orElseThrow().maxErrorRate()).isEqualTo(0.05);
        assertThat(l.step("b").orElseThrow().maxErrorRate()).isEqualTo(0.5);
        assertThat(LadderFiles.story().step("naive").orElseThrow().maxErrorRate()).isEqualTo(0.01);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LadderFiles.parse("l.yaml", """
                steps:
                  - name: a
                    maxErrorRate: 5
                """)).hasMessageContaining("l.yaml:3:19: 'maxErrorRate' must be between 0 and 0.5 (was 5)");
    }

    @Test
    void the_statement_limit_is_read_from_the_ladder_and_a_step_may_set_its_own() {
        Ladder l = LadderFiles.parse("l.yaml", """
                maxStatementsPerRequest: 50
                steps:
                  - name: a
                  - name: b
                    maxStatementsPerRequest: 2000
                """);
        assertThat(l.step("a").orElseThrow().maxStatementsPerRequest()).hasValue(50);
        assertThat(l.step("b").orElseThrow().maxStatementsPerRequest()).hasValue(2000);
        assertThat(LadderFiles.parse("l.yaml", "steps: [{name: a}]").step("a").orElseThrow().maxStatementsPerRequest())
                .isEmpty();
        assertThat(LadderFiles.story().step("naive").orElseThrow().maxStatementsPerRequest()).hasValue(100);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LadderFiles.parse("l.yaml", """
                steps:
                  - name: a
                    maxStatementsPerRequest: 2.5
                """)).hasMessageContaining("l.yaml:3:30: 'maxStatementsPerRequest' must be a whole number");
    }
}
