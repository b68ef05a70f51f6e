package example.junit;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.junit.DiagnosticsExtension;
import dev.scalelab.diagnostics.junit.QueryBudget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Test classes run by {@link TestProfilesTest} through the JUnit test kit (not by Surefire: no "Test" suffix). */
final class ProfileFixtures {
    /** Lines of the statements below, for the call sites the profiles must name. */
    static volatile int readLine;
    static volatile int writeLine;

    private ProfileFixtures() {
    }

    static DataSource raw() {
        return QueryFixtures.raw();
    }

    /** The code under test: a loop of single-row reads (N+1) and a write in a transaction. */
    static final class Library {
        private final DataSource ds;

        Library(DataSource ds) {
            this.ds = ds;
        }

        void readEach(int n) throws SQLException {
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("select name from author where id = ?")) {
                for (long id = 1; id <= n; id++) {
                    ps.setLong(1, id);
                    readLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
            }
        }

        void renameInTransaction(long id) throws SQLException {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL statement_timeout = 5000"); // infrastructure: not in the profile
                    writeLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
                    s.executeUpdate("update author set name = name where id = " + id);
                }
                c.commit();
            }
        }
    }

    @ExtendWith(DiagnosticsExtension.class)
    static class Profiled {
        static final Diagnostics diagnostics = Diagnostics.builder().build();
        final Library library = new Library(diagnostics.wrap(raw()));

        @BeforeEach
        void setUp() throws SQLException {
            library.readEach(5); // setup: not in the profile
        }

        @Test
        void readsAndWrites() throws SQLException {
            library.readEach(4);
            library.renameInTransaction(1);
        }

        @Test
        void runsNothing() {
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        void reads(int n) throws SQLException {
            library.readEach(n);
        }

        @Nested
        class Inner {
            @Test
            void readsOne() throws SQLException {
                library.readEach(1);
            }
        }
    }

    /** A failed budget still leaves the test's profile: that is where the regression shows. */
    static class OverBudget {
        final Diagnostics diagnostics = Diagnostics.builder().build();

        @Test
        @QueryBudget(max = 1)
        void readsThree() throws SQLException {
            new Library(diagnostics.wrap(raw())).readEach(3);
        }
    }

    /** Registered with its Diagnostics, without any annotation. */
    static class Registered {
        static final Diagnostics diagnostics = Diagnostics.builder().captureStacks(false).build();

        @RegisterExtension
        static final DiagnosticsExtension queries = new DiagnosticsExtension(diagnostics);

        @Test
        void readsThree() throws SQLException {
            new Library(diagnostics.wrap(raw())).readEach(3);
        }
    }

    /** Registered, but nothing to measure with: the test runs, unprofiled. */
    @ExtendWith(DiagnosticsExtension.class)
    static class NoDiagnostics {
        @Test
        void runs() {
        }
    }
}
