package dev.scalelab.loadtests.runner;

import java.nio.file.Path;
import java.util.List;

/** Finds Gatling JVMs a test started, by their output folder on the command line. */
final class ChildProcesses {
    private ChildProcesses() {
    }

    static List<ProcessHandle> aliveWith(Path outputDir) {
        String marker = outputDir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }
}
