package example.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.junit.DataSize;
import dev.scalelab.diagnostics.junit.QueryComplexity;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class QueryComplexityExtensionTest {

    @BeforeAll
    static void schema() {
        QueryFixtures.raw();
    }

    static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    @Test
    void a_loop_of_lookups_fails_with_the_counts_per_size_and_the_statement_that_grew() {
        Events events = run(GrowsWithTheData.class);
        assertThat(events.failed().count()).isEqualTo(1);
        String message = events.failed().list().get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow().getMessage();
        assertThat(message).startsWith("Query complexity failed in GrowsWithTheData.names: expected the same number of"
                + " statements at every data size, recorded 2 at n=2 and 5 at n=5: the count grows with the data, as an"
                + " N+1 does.\nStatements that grew, by fingerprint (n=2 -> n=5):\n"
                + "      2 -> 5     select name from author where id = ?  at QueryFixtures$AuthorService.namesOneByOne(");
        assertThat(message).contains("Findings at n=5:\n  ").contains("N+1");
    }

    @Test
    void a_set_wise_load_passes_at_every_size() {
        Events events = run(ConstantWhateverTheData.class);
        assertThat(events.succeeded().count()).isEqualTo(1);
        assertThat(events.failed().count()).isZero();
        assertThat(ConstantWhateverTheData.sizesSeen).containsExactly(2, 4, 8);
    }

    static class GrowsWithTheData {
        final Diagnostics diagnostics = Diagnostics.builder().build();
        final QueryFixtures.AuthorService service = new QueryFixtures.AuthorService(diagnostics.wrap(QueryFixtures.raw()));

        @Test
        @QueryComplexity
        void names(DataSize size) throws Throwable {
            size.measure(() -> service.namesOneByOne(size.n()));
        }
    }

    static class ConstantWhateverTheData {
        static final List<Integer> sizesSeen = new ArrayList<>();
        final Diagnostics diagnostics = Diagnostics.builder().build();
        final javax.sql.DataSource ds = diagnostics.wrap(QueryFixtures.raw());

        @Test
        @QueryComplexity(value = QueryComplexity.Complexity.CONSTANT, sizes = {2, 4, 8})
        void names(DataSize size) throws Throwable {
            sizesSeen.add(size.n());
            size.measure(() -> namesAtOnce(size.n()));
        }

        List<String> namesAtOnce(int n) throws SQLException {
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("select name from author where id = any(?)")) {
                Long[] ids = new Long[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = i + 1L;
                }
                Array array = c.createArrayOf("bigint", ids);
                ps.setArray(1, array);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        }
    }
}
