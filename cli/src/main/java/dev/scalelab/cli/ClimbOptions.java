package dev.scalelab.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by {@code ladder} and {@code run}: which ladder, how long, how often, where to. */
public final class ClimbOptions {

    @Option(names = "--ladder", paramLabel = "FILE", description = "A ladder file (YAML); default: the built-in story ladder.")
    Path ladderFile;

    @Option(names = "--quick", description = "Shorter load per step (the ladder's 'quick' workload).")
    boolean quick;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
            description = "Run every step N times, interleaved, so the report can test differences (default: 1).")
    int repeat;

    @Option(names = "--out", paramLabel = "DIR", description = "The run folder (must be new or empty); default: runs/<timestamp>.")
    Path out;

    @Option(names = "--allow-remote",
            description = "Let steps load another host than this machine (e.g. a staging server you own).")
    boolean allowRemote;

    @Mixin
    DatabaseOptions database;
}
