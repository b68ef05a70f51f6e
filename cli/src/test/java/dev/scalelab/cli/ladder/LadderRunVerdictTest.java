package dev.scalelab.cli.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.reports.model.Latency;
import dev.scalelab.reports.model.RouteStats;
import dev.scalelab.reports.model.StepResult;
import dev.scalelab.reports.model.StepStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LadderRunVerdictTest {

    @Test
    void the_step_line_gives_the_comment_post_p95_with_how_many_posts_it_rests_on() {
        StepResult r = StepResult.builder("async-tasks", StepStatus.PASSED).requests(441).ko(0).throughputRps(27.6)
                .latencyMs(new Latency(3, 16, 40, 90))
                .routes(Map.of("GET /", new RouteStats(128, 0, new Latency(5, 11, 20, 30), 0.0, 0.93),
                        LadderRun.COMMENT_ROUTE, new RouteStats(15, 0, new Latency(17, 52, 52, 52), 3.0, null)))
                .identityLeaks(0L).connectionErrors(0L).build();

        assertThat(LadderRun.verdict(r)).isEqualTo("PASSED: 441 requests, 0 KO, 27.6 req/s, p95 16 ms, "
                + "GET / statements 0, cache hit -, leaks 0, connection errors 0, comment POST p95 52 ms (15 POSTs)");
    }
}
