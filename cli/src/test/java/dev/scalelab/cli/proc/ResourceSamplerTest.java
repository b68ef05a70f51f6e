package dev.scalelab.cli.proc;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * CPU sampling keeps the time of children that already exited (a database's per-connection backends), and sees the
 * CPUs a process is pinned to.
 */
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

    @Test
    void cpu_lists_read_and_write_as_linux_writes_them() {
        assertThat(dev.scalelab.reports.model.CpuServer.cpuSet("0-2,5\n")).containsExactly(0, 1, 2, 5);
        assertThat(ResourceSampler.formatCpuList(new TreeSet<>(List.of(0, 1, 2, 5, 7, 8)))).isEqualTo("0-2,5,7-8");
        assertThat(ResourceSampler.formatCpuList(new TreeSet<>(List.of(1)))).isEqualTo("1");
    }

    @Test
    void a_process_pinned_with_taskset_shows_its_cpu() throws Exception {
        assumeTrue(Programs.find("taskset").isPresent(), "taskset is not installed");
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs 2 CPUs");
        String all = ResourceSampler.cpusAllowed(List.of(ProcessHandle.current().pid()));
        assertThat(all).isNotNull();
        Process pinned = new ProcessBuilder("taskset", "-c", "1", "sleep", "5").start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            String seen = null;
            while (System.nanoTime() < deadline && !"1".equals(seen)) {
                Thread.sleep(20);
                seen = ResourceSampler.cpusAllowed(List.of(pinned.pid()));
            }
            assertThat(seen).isEqualTo("1");
            assertThat(ResourceSampler.cpusAllowed(List.of(pinned.pid(), ProcessHandle.current().pid())))
                    .as("several roots join").isEqualTo(all);
        } finally {
            pinned.destroyForcibly();
        }
    }

    @Test
    void a_gone_process_has_no_cpus() {
        assertThat(ResourceSampler.cpusAllowed(List.of(Long.MAX_VALUE))).isNull();
    }
}
