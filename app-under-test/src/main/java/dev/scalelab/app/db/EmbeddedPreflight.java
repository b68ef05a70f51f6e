package dev.scalelab.app.db;

import java.nio.file.Path;

/** The embedded database's preflight without starting it, for {@code scalelab doctor}. */
public final class EmbeddedPreflight {
    private EmbeddedPreflight() {
    }

    /** Throws {@link DatabaseUnavailableException} with the reason and what to do when the start would fail. */
    public static void check(Path baseDir) {
        EmbeddedDatabase.preflight(baseDir, baseDir.resolve("pgdata"), baseDir.resolve("pgbin"));
    }
}
