package dev.scalelab.app.db;

import java.nio.file.Path;

/** Opens package-private parts of the embedded database to tests in other packages. */
public final class EmbeddedDatabaseAccess {
    private EmbeddedDatabaseAccess() {
    }

    public static void removeStalePidFile(Path dataDir) {
        EmbeddedDatabase.removeStalePidFile(dataDir);
    }
}
