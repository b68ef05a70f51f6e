package dev.scalelab.cli.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code stack: {split: true}} option on real processes: the database (and what it forks later) on CPU 0,
 * everything else on the other CPUs, the database given every CPU back at the end.
 */
class CpuSplitTest {

    static String cpus(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow()
                .substring("Cpus_allowed_list:".length()).strip();
    }

    @Test
    void pins_the_database_to_cpu_0_and_the_rest_to_the_others() throws Exception {
        int n = Runtime.getRuntime().availableProcessors();
        assumeTrue(n >= 2, "skipped: the split needs at least 2 CPUs; this machine has " + n);
        assumeTrue(Programs.find("taskset").isPresent(), "skipped: taskset is missing; install it with: apt-get "
                + "install -y util-linux");
        String all = "0-" + (n - 1);
        String rest = n == 2 ? "1" : "1-" + (n - 1);
        // a "database" that keeps forking short-lived children, as PostgreSQL forks a backend per connection
        Process db = new ProcessBuilder("sh", "-c", "while true; do sleep 0.1; done").start();
        Process app = new ProcessBuilder("sleep", "60").start();
        try {
            CpuSplit split = CpuSplit.apply(List.of(db.pid()), List.of(app.pid()));
            assertThat(split.problem()).isEmpty();
            assertThat(cpus(db.pid())).isEqualTo("0");
            assertThat(cpus(app.pid())).isEqualTo(rest);
            Thread.sleep(300);
            Optional<ProcessHandle> child = db.descendants().findFirst();
            assertThat(child).as("a child forked after the split").isPresent();
            assertThat(cpus(child.get().pid())).isEqualTo("0");

            split.close();
            assertThat(cpus(db.pid())).isEqualTo(all);
        } finally {
            db.destroyForcibly();
            app.destroyForcibly();
            db.waitFor(5, TimeUnit.SECONDS);
            app.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void says_why_it_did_not_split_an_external_database() {
        int n = Runtime.getRuntime().availableProcessors();
        assumeTrue(n >= 2 && Programs.find("taskset").isPresent(), "skipped: needs 2 CPUs and taskset");
        CpuSplit split = CpuSplit.apply(List.of(), List.of(ProcessHandle.current().pid()));
        assertThat(split.problem()).contains("split pins the embedded database only; with --db-url the database "
                + "process is not scalelab's to pin");
    }
}
