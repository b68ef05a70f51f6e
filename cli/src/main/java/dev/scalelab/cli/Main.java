package dev.scalelab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code scalelab} command. */
@Command(name = "scalelab",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Load-testing and diagnosis toolkit for Java web apps.",
        subcommands = {AppCommand.class, LadderCommand.class, RunCommand.class, WorkloadCommand.class, GateCommand.class, ReportCommand.class, AnalyzeCommand.class, BenchCommand.class,
                DoctorCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code;
        try {
            code = newCommandLine().execute(args);
        } catch (Throwable t) {
            // the guards inside the command line caught nothing of this: still one line, never a stack trace
            System.err.println("scalelab: " + InternalErrors.report(t, "scalelab"));
            code = ExitCodes.INTERNAL;
        }
        if (!Shutdown.inProgress()) {
            System.exit(code);
        }
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine newCommandLine() {
        InternalErrors.runFolder(null);
        return ExitCodes.guard(new CommandLine(new Main()));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
