package example.junit;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.junit.DiagnosticsExtension;
import dev.scalelab.diagnostics.junit.NoNPlusOne;
import dev.scalelab.diagnostics.junit.QueryBudget;
import example.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static dev.scalelab.diagnostics.junit.Queries.assertQueries;
import static dev.scalelab.diagnostics.junit.Queries.max;
import static dev.scalelab.diagnostics.junit.Queries.noNPlusOne;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

class QueryBudgetExtensionTest {
    @BeforeAll
    static void schema() {
        QueryFixtures.raw();
    }

    static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    static String failureMessage(Events events) {
        List<Event> failed = events.failed().list();
        assertThat(failed).hasSize(1);
        return failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage();
    }

    // ------------------------------------------------------------ the tests

    @Test
    void a_budget_counts_only_the_test_body_and_lists_what_ran_with_findings() {
        String message = failureMessage(run(QueryFixtures.BudgetExceeded.class));
        assertThat(message).startsWith("Query expectations failed in BudgetExceeded.feed: expected at most 3"
                + " statements, recorded 4 (test setup and infrastructure statements are not counted).\n"
                + "What ran, by fingerprint:\n"
                + "     4 × select name from author where id = ?  at QueryFixtures$AuthorService"
                + ".namesOneByOne(QueryFixtures.java:");
        assertThat(message).contains("\nFindings:\n  BudgetExceeded.feed: N+1: 4 × select name from author where id = ?"
                + " at QueryFixtures$AuthorService.namesOneByOne(QueryFixtures.java:");
        assertThat(message).contains("where id = ANY(?)");
    }

    @Test
    void a_met_budget_passes_even_with_a_busy_setup() {
        run(QueryFixtures.BudgetMet.class).assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void no_n_plus_one_on_a_class_fails_its_tests_with_the_finding() {
        String message = failureMessage(run(QueryFixtures.NPlusOneOnTheClass.class));
        assertThat(message).startsWith("Query expectations failed in NPlusOneOnTheClass.feed: expected no N+1"
                + " queries, found 1 (");
    }

    @Test
    void a_test_without_a_diagnostics_says_how_to_provide_one() {
        String message = failureMessage(run(QueryFixtures.NoDiagnosticsField.class));
        assertThat(message).isEqualTo("@QueryBudget on NoDiagnosticsField.feed needs the Diagnostics that wrapped"
                + " the test's DataSource: expected a field of type dev.scalelab.diagnostics.Diagnostics in"
                + " example.junit.QueryFixtures$NoDiagnosticsField (or a superclass or enclosing class),"
                + " or @RegisterExtension static DiagnosticsExtension ext = new DiagnosticsExtension(diagnostics),"
                + " found neither");
    }

    @Nested
    class ScopedAssertions {
        final Diagnostics diagnostics = Diagnostics.builder().build();
        final QueryFixtures.AuthorService service = new QueryFixtures.AuthorService(diagnostics.wrap(QueryFixtures.raw()));

        @RegisterExtension
        final DiagnosticsExtension queries = new DiagnosticsExtension(diagnostics);

        @Test
        void only_the_block_counts() throws Throwable {
            service.setUp();
            UnitReport report = assertQueries(diagnostics, () -> service.namesOneByOne(2), max(2));
            assertThat(report.statements()).isEqualTo(2);
        }

        @Test
        void a_violated_block_fails_with_the_grouped_statements() {
            assertThatThrownBy(() -> queries.assertQueries(() -> service.namesOneByOne(3), max(2), noNPlusOne()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Query expectations failed in assertQueries: expected at most 2"
                            + " statements, recorded 3; expected no N+1 queries, found 1 (test setup and"
                            + " infrastructure statements are not counted).\nWhat ran, by fingerprint:\n"
                            + "     3 × select name from author where id = ?  at ");
        }
    }
}
