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
        int code = newCommandLine().execute(args);
        if (!Shutdown.inProgress()) {
            System.exit(code);
        }
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine newCommandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setExecutionExceptionHandler(new ExitCodes.UserErrorHandler());
        return cmd;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
