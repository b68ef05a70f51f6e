package dev.scalelab.cli.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** CPU sampling keeps the time of children that already exited (a database's per-connection backends). */
class ResourceSamplerTest {

    @Test
    void cpu_of_children_that_already_exited_is_counted_with_their_parent() throws Exception {
        Path flag = Files.createTempFile("scalelab-child-done", "");
        Files.delete(flag);
        // a parent that runs a CPU-bound child to completion, then waits
        Process parent = new ProcessBuilder("sh", "-c",
                "sh -c 'i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done'; touch " + flag + "; sleep 5").start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(flag) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(flag).exists();
            assertThat(parent.descendants().count()).as("the busy child has exited").isLessThanOrEqualTo(1);
            assertThat(ResourceSampler.reapedChildrenCpuMs((int) parent.pid())).isPositive();
        } finally {
            parent.destroyForcibly();
            Files.deleteIfExists(flag);
        }
    }
}
