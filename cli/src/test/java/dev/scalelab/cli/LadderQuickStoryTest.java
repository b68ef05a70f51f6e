package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.cli.AppCommandTest.Result;
import dev.scalelab.cli.ladder.Ladder;
import dev.scalelab.cli.ladder.LadderFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The story ladder's {@code --quick} load still measures comment POSTs, so its async step has something to show: the
 * steps that compare the comment POST (connection-pool, inline notifications, and async-tasks, queued ones) run on
 * the reference app and the machine's PostgreSQL with the built-in ladder's quick load.
 */
class LadderQuickStoryTest {

    static final String COMMENT = "POST /articles/{id}/comments";

    @Test
    void quick_story_steps_measure_at_least_ten_comment_posts(@TempDir Path tmp) throws Exception {
        Ladder story = LadderFiles.story();
        Ladder.Workload q = story.quick();
        String ladder = String.format(Locale.ROOT, """
                name: quick-story
                workload: {rate: %s, warmupSec: %d, durationSec: %d, drainSec: %d}
                quick:
                  rate: %s
                  warmupSec: %d
                  durationSec: %d
                  drainSec: %d
                  signedInShare: %s
                  commentShare: %s
                  thinkMinMs: %d
                  thinkMaxMs: %d
                steps:
                  - name: connection-pool
                    app: %s
                  - name: async-tasks
                    app: %s
                """, q.rate(), q.warmupSec(), q.durationSec(), q.drainSec(), q.rate(), q.warmupSec(), q.durationSec(),
                q.drainSec(), q.signedInShare(), q.commentShare(), q.thinkMinMs(), q.thinkMaxMs(),
                flow(story.step("connection-pool").orElseThrow().app()), flow(story.step("async-tasks").orElseThrow().app()));
        Path file = Files.writeString(tmp.resolve("quick-story.yaml"), ladder);
        Path out = tmp.resolve("run");
        Result r = AppCommandTest.run("ladder", "--quick", "--ladder", file.toString(), "--db-url",
                TestDb.url("scalelab_quick_story_it"), "--out", out.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("workload").asText()).contains("60 % signed in, 100 % of signed-in visitors comment, "
                + "think 100-300 ms");
        for (JsonNode step : summary.get("steps")) {
            JsonNode comments = step.get("routes").get(COMMENT);
            assertThat(comments).as(step.get("name").asText() + " measured no comment POST: " + step).isNotNull();
            assertThat(comments.get("requests").asLong()).as(step.get("name").asText()).isGreaterThanOrEqualTo(10);
            assertThat(comments.get("ko").asLong()).as(step.get("name").asText()).isZero();
        }
    }

    /** A switch map in YAML flow style. */
    private static String flow(Map<String, String> app) {
        return app.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
