package dev.scalelab.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Named exit codes shared by every command, and the handlers that make sure every outcome ends in one of them with
 * at most one line on stderr: no input, however hostile, prints a stack trace.
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><td>0</td><td>{@link #OK}</td><td>everything went as asked (a ladder: every step ended as expected)</td></tr>
 *   <tr><td>1</td><td>{@link #FINDINGS}</td><td>a check failed: findings with {@code --fail-on-findings}, a gate
 *       regression, a step whose outcome was not the expected one, an interrupted run</td></tr>
 *   <tr><td>2</td><td>{@link #USAGE}</td><td>bad input or a missing part of the environment: an unknown option, a
 *       malformed file (with its line), a folder that cannot be written, a database that does not answer</td></tr>
 *   <tr><td>3</td><td>{@link #INTERNAL}</td><td>a bug of scalelab (or the JVM ran out of stack or memory): one line
 *       on stderr, the stack trace in a log file named in that line (the run folder's {@code error.log} when a run
 *       had started, else {@code ~/.cache/scalelab/errors/}, else the system temp folder)</td></tr>
 *   <tr><td>130</td><td>{@link #INTERRUPTED}</td><td>stopped by Ctrl-C (143 for SIGTERM): the JVM's own exit for the
 *       signal, after the finished steps were written to summary.json and the report</td></tr>
 * </table>
 */
public final class ExitCodes {
    /** Everything went as asked. */
    public static final int OK = 0;
    /** The command ran, and found something: findings, a regression, a step whose outcome was not the expected one. */
    public static final int FINDINGS = 1;
    /** The user asked for something impossible, or the environment is missing a part. */
    public static final int USAGE = 2;
    /** Something failed inside scalelab; the stack trace is in the log file the message names. */
    public static final int INTERNAL = 3;
    /** Stopped by Ctrl-C (SIGINT); the finished steps are kept. The JVM sets it (128 + 2), not scalelab. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** Installs the handlers on {@code cmd}: every exception and error ends in one line and a named exit code. */
    static CommandLine guard(CommandLine cmd) {
        cmd.setExecutionExceptionHandler(new UserErrorHandler());
        cmd.setParameterExceptionHandler(new OneLineParameterHandler());
        cmd.setExecutionStrategy(new GuardedStrategy(new CommandLine.RunLast()));
        return cmd;
    }

    /**
     * Turns a {@link UserError} into one line on stderr and its exit code (2 unless it says otherwise); anything
     * else is a bug: one line naming the log file with its stack trace, and exit code 3.
     */
    static final class UserErrorHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
            return handle(ex, cmd);
        }
    }

    static int handle(Throwable ex, CommandLine cmd) {
        Throwable t = ex;
        int depth = 0;
        while (t != null && !(t instanceof UserError) && depth++ < 50) {
            t = t.getCause();
        }
        if (t instanceof UserError ue) {
            cmd.getErr().println("scalelab: " + ue.getMessage());
            cmd.getErr().flush();
            return ue.exitCode();
        }
        cmd.getErr().println("scalelab: " + InternalErrors.report(ex, cmd.getCommandName()));
        cmd.getErr().flush();
        return INTERNAL;
    }

    /** An unknown option or a bad option value: one line and a pointer to the help, exit code 2. */
    static final class OneLineParameterHandler implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cmd = ex.getCommandLine();
            String message = String.valueOf(ex.getMessage()).replaceAll("\\s*\\R\\s*", " ").strip();
            String help = cmd.getCommandSpec().qualifiedName();
            cmd.getErr().println("scalelab: " + message + " (see '" + help + " --help')");
            cmd.getErr().flush();
            return USAGE;
        }
    }

    /**
     * Runs the command; what picocli does not hand to the exception handler (errors such as
     * {@link StackOverflowError} or {@link OutOfMemoryError}, or an exception of the handler itself) ends here.
     */
    private record GuardedStrategy(IExecutionStrategy delegate) implements IExecutionStrategy {
        @Override
        public int execute(ParseResult parseResult) throws CommandLine.ExecutionException, ParameterException {
            try {
                return delegate.execute(parseResult);
            } catch (ParameterException | CommandLine.ExecutionException e) {
                throw e;
            } catch (Throwable t) {
                CommandLine sub = parseResult.asCommandLineList().get(parseResult.asCommandLineList().size() - 1);
                return handle(t, sub);
            }
        }
    }
}
