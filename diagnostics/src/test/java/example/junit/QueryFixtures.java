package example.junit;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.junit.NoNPlusOne;
import dev.scalelab.diagnostics.junit.QueryBudget;
import example.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Test classes run by {@link QueryBudgetExtensionTest} through the JUnit test kit (not by Surefire: no "Test" suffix). */
final class QueryFixtures {
    private static DataSource raw;

    private QueryFixtures() {
    }

    static synchronized DataSource raw() {
        if (raw == null) {
            raw = TestDatabase.freshSchema("diag_junit");
            TestDatabase.execute(raw,
                    "CREATE TABLE author (id bigint PRIMARY KEY, name text NOT NULL)",
                    "INSERT INTO author SELECT g, 'author ' || g FROM generate_series(1, 10) g");
        }
        return raw;
    }

    /** The code under test: a loop of single-row lookups (N+1), and the fixed version. */
    static final class AuthorService {
        private final DataSource ds;

        AuthorService(DataSource ds) {
            this.ds = ds;
        }

        List<String> namesOneByOne(int n) throws SQLException {
            try (Connection c = ds.getConnection()) {
                java.util.ArrayList<String> out = new java.util.ArrayList<>();
                for (long id = 1; id <= n; id++) {
                    try (PreparedStatement ps = c.prepareStatement("select name from author where id = ?")) {
                        ps.setLong(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            out.add(rs.getString(1));
                        }
                    }
                }
                return out;
            }
        }

        void setUp() throws SQLException {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (int i = 0; i < 10; i++) {
                    s.execute("select count(*) from author where id > " + i);
                }
            }
        }
    }

    static class BudgetExceeded {
        static final Diagnostics diagnostics = Diagnostics.builder().build();
        final AuthorService service = new AuthorService(diagnostics.wrap(raw()));

        @BeforeEach
        void setUp() throws SQLException {
            service.setUp(); // 10 statements that the budget must not count
        }

        @Test
        @QueryBudget(max = 3)
        void feed() throws SQLException {
            service.namesOneByOne(4);
        }
    }

    static class BudgetMet {
        final Diagnostics diagnostics = Diagnostics.builder().build();
        final AuthorService service = new AuthorService(diagnostics.wrap(raw()));

        @BeforeEach
        void setUp() throws SQLException {
            service.setUp();
        }

        @Test
        @QueryBudget(max = 2)
        void feed() throws SQLException {
            service.namesOneByOne(2);
        }
    }

    @NoNPlusOne
    static class NPlusOneOnTheClass {
        static final Diagnostics diagnostics = Diagnostics.builder().build();

        @Test
        void feed() throws SQLException {
            new AuthorService(diagnostics.wrap(raw())).namesOneByOne(3);
        }
    }

    static class NoDiagnosticsField {
        @Test
        @QueryBudget(max = 1)
        void feed() {
        }
    }

}
