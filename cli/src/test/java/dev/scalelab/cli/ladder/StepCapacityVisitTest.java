package dev.scalelab.cli.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.loadtests.record.ClientResults;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capacity level's offered requests/s rests on requests per visitor, taken from the step's fixed-rate run (a quick
 * story run: 48 visitors, 80 requests in the warm-up and 213 measured, every visit finished), never from a run whose
 * visits were cut short.
 */
class StepCapacityVisitTest {

    @TempDir
    Path dir;

    private ClientResults results(int unfinishedVisits) throws Exception {
        String json = Files.readString(Path.of(getClass().getResource("/capacity/fixed-run-client-results.json").toURI()));
        return ClientResults.read(Files.writeString(dir.resolve("client-results.json"),
                json.replace("\"unfinishedVisits\": 0", "\"unfinishedVisits\": " + unfinishedVisits)));
    }

    @Test
    void a_run_whose_visits_all_finished_gives_its_requests_per_visitor() throws Exception {
        assertThat(StepCapacity.requestsPerVisitor(results(0))).isEqualTo((213 + 80) / 48.0);
    }

    @Test
    void a_run_with_visits_cut_short_gives_none() throws Exception {
        assertThat(StepCapacity.requestsPerVisitor(results(7))).isZero();
    }
}
