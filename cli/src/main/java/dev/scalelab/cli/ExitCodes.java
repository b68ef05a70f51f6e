package dev.scalelab.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Named exit codes shared by every command. */
public final class ExitCodes {
    /** Everything went as asked. */
    public static final int OK = 0;
    /** The command ran, and found something: findings, a regression, a failed step. */
    public static final int FINDINGS = 1;
    /** The user asked for something impossible, or the environment is missing a part. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }

    /**
     * Turns a {@link UserError} into one line on stderr and exit code 2; anything else is a bug
     * and keeps its stack trace.
     */
    static final class UserErrorHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) throws Exception {
            Throwable t = ex;
            while (t != null && !(t instanceof UserError)) {
                t = t.getCause();
            }
            if (t instanceof UserError ue) {
                cmd.getErr().println("scalelab: " + ue.getMessage());
                return ue.exitCode();
            }
            throw ex;
        }
    }
}
