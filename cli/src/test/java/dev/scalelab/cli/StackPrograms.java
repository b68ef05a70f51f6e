package dev.scalelab.cli;

import dev.scalelab.cli.proc.Programs;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Tests of the real pgbouncer, memcached and nginx run where they are installed (.ci/run installs them). */
public final class StackPrograms {
    private StackPrograms() {
    }

    public static void assumeInstalled() {
        List<String> missing = List.of("pgbouncer", "memcached", "nginx").stream()
                .filter(p -> Programs.find(p).isEmpty()).toList();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + String.join(", ", missing)
                + " not installed (.ci/run installs them: apt-get install -y pgbouncer memcached nginx)");
    }
}
