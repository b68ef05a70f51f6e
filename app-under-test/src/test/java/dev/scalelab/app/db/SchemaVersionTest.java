package dev.scalelab.app.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.app.DatabaseSettings;
import dev.scalelab.app.TestDatabases;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The start-up shortcut that skips Flyway must never skip a migration. */
class SchemaVersionTest {

    @Test
    void the_known_schema_version_is_the_newest_migration() throws Exception {
        Path dir = Path.of(SchemaVersionTest.class.getClassLoader().getResource("db/migration").toURI());
        Pattern name = Pattern.compile("V(\\d+)__.*\\.sql");
        int newest;
        try (Stream<Path> files = Files.list(dir)) {
            newest = files.map(f -> name.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1))).max(Comparator.naturalOrder()).orElseThrow();
        }
        assertThat(Database.SCHEMA_VERSION).isEqualTo(Integer.toString(newest));
    }

    @Test
    void an_older_schema_is_migrated_and_a_current_one_is_left_alone() throws Exception {
        String name = "scalelab_schema_version_it";
        try (Connection c = DriverManager.getConnection(TestDatabases.ADMIN_URL); Statement st = c.createStatement()) {
            st.execute("drop database if exists " + name + " with (force)");
        }
        DatabaseSettings settings = TestDatabases.dedicated(name);
        try (Database db = Database.open(settings, line -> { })) {
            assertThat(db.schemaIsCurrent()).as("no history table yet").isFalse();
            Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").target("2").load().migrate();
            assertThat(db.schemaIsCurrent()).as("migrated up to V2 only").isFalse();

            db.migrate();
            assertThat(db.schemaIsCurrent()).isTrue();
            assertThat(historyRows(db)).isEqualTo(Integer.parseInt(Database.SCHEMA_VERSION));

            db.migrate();
            assertThat(historyRows(db)).as("nothing applied twice").isEqualTo(Integer.parseInt(Database.SCHEMA_VERSION));
        }
    }

    private static int historyRows(Database db) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from flyway_schema_history where success")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
