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

    @Option(names = "--capacity", description = "After each step's fixed-rate run, find its capacity on the same app: "
            + "a stepped ramp of arrival rates, a bisection and a confirmation, held to the SLO (--slo); adds to the "
            + "fixed-rate run, does not replace it.")
    boolean capacity;

    @Option(names = "--slo", paramLabel = "SLO", description = "The SLO of --capacity, e.g. p95=500ms,errors=1%% "
            + "(default: the ladder file's slo, else p95=500ms,errors=1%%,throughput=95%%).")
    String slo;

    @Mixin
    DatabaseOptions database;
}
