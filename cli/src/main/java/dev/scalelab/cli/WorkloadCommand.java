package dev.scalelab.cli;

import dev.scalelab.cli.har.HarException;
import dev.scalelab.cli.har.HarImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scalelab workload}: tools for workload files (docs/workloads.md). */
@Command(name = "workload", mixinStandardHelpOptions = true,
        description = "Work with workload files (docs/workloads.md).",
        subcommands = {WorkloadCommand.FromHar.class})
public final class WorkloadCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code scalelab workload from-har recording.har [--out workload.yaml]}. */
    @Command(name = "from-har", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Turn a browser recording (DevTools, Network tab: 'Save all as HAR') into a workload file: "
                    + "one journey of the requests to the first page's host, in the recorded order, with the recorded "
                    + "pauses; numbers and UUIDs in paths become variables fed with the recorded values.",
                    "Static assets and other hosts are dropped; cookies and Authorization headers are never copied.",
                    "Exit codes: 0 written, 2 bad input (not a HAR, no HTML page, --out exists)."})
    public static final class FromHar implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "RECORDING.har", description = "The HAR file.")
        Path har;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the workload here (never over an existing "
                + "file); default: print it.")
        Path out;

        @Override
        public Integer call() {
            if (out != null && Files.exists(out)) {
                throw new UserError(out + " already exists; scalelab never overwrites a file: choose another --out, or "
                        + "remove it first");
            }
            String name = (out != null ? out : har).getFileName().toString().replaceFirst("\\.[^.]+$", "");
            HarImport.Result r;
            try {
                r = HarImport.read(har, name);
            } catch (HarException e) {
                throw new UserError(e.getMessage());
            }
            PrintWriter w = spec.commandLine().getOut();
            if (out == null) {
                w.print(r.yaml());
                w.flush();
                spec.commandLine().getErr().println("scalelab: " + r.describe());
                return ExitCodes.OK;
            }
            try {
                if (out.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(out.toAbsolutePath().getParent());
                }
                Files.writeString(out, r.yaml(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                throw new UserError(out + " already exists; scalelab never overwrites a file: choose another --out, or "
                        + "remove it first");
            } catch (IOException e) {
                throw new UserError("cannot write " + out + ": " + e.getMessage());
            }
            w.println("wrote " + out + ": " + r.describe());
            w.println("next: check its 'probes: health' and sign-in comment, then: scalelab run --workload " + out
                    + " --url http://127.0.0.1:PORT");
            w.flush();
            return ExitCodes.OK;
        }
    }
}
