package dev.scalelab.cli;

import dev.scalelab.app.AppSettings;
import dev.scalelab.app.db.Database;
import dev.scalelab.app.db.DatabaseUnavailableException;
import dev.scalelab.cli.ladder.Environment;
import dev.scalelab.cli.proc.Programs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scalelab doctor}: what this machine offers scalelab, and how to install what is missing. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check what scalelab can use on this machine, with install hints.",
                "Java, the embedded database, a PostgreSQL URL if given,",
                "pgbouncer, memcached, nginx and chromium; with install hints for what is missing.",
                "Exit codes: 0 the ladder can run, 2 it cannot (the reason is printed)."})
public final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--start-database", description = "Also start the embedded PostgreSQL once to prove it works (takes a few seconds).")
    boolean startDatabase;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean ok = true;
        int feature = Runtime.version().feature();
        out.println(line(feature >= 17, "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
                "scalelab needs Java 17 or newer"));
        ok &= feature >= 17;
        var settings = database.settings();
        if (settings.isEmbedded()) {
            Optional<String> problem = embeddedProblem(settings.dataDir(), startDatabase);
            out.println(line(problem.isEmpty(), "embedded PostgreSQL in " + settings.dataDir()
                    + (startDatabase ? " (started and stopped)" : " (preflight)"), problem.orElse("")));
            ok &= problem.isEmpty();
            printNote(out);
        } else {
            Optional<String> problem = externalProblem(settings);
            out.println(line(problem.isEmpty(), "PostgreSQL at " + AppSettings.redact(settings.url().get()),
                    problem.orElse("")));
            ok &= problem.isEmpty();
            printNote(out);
        }
        for (Programs.Server server : Programs.Server.values()) {
            out.println(tool(server.program(), server.installCommand(), "scale-out step, " + server.role()
                    + (Programs.find(server).isPresent() ? "" : " (the ladder skips scale-out without it)")));
        }
        out.println(tool("taskset", "apt-get install -y util-linux", "the 'split' option (database on its own CPU)"));
        out.println(tool("chromium", "apt-get install -y chromium", "screenshots of reports in tests"));
        out.println(ok ? "the ladder can run here" : "the ladder cannot run here: fix the lines marked 'missing' first");
        out.flush();
        return ok ? ExitCodes.OK : ExitCodes.USAGE;
    }

    private Optional<String> embeddedProblem(Path dataDir, boolean start) {
        try {
            Files.createDirectories(dataDir);
            if (!start) {
                dev.scalelab.app.db.EmbeddedPreflight.check(dataDir);
                return Optional.empty();
            }
            try (Database db = Database.open(dev.scalelab.app.DatabaseSettings.embedded(dataDir), l -> { })) {
                connectionNote(db);
                return Optional.empty();
            }
        } catch (DatabaseUnavailableException e) {
            if (e.getMessage().contains("is in use by process")) {
                return Optional.empty(); // it works; another scalelab command is using it right now
            }
            return Optional.of(e.getMessage());
        } catch (IOException e) {
            return Optional.of("cannot create " + dataDir + ": " + e.getMessage() + "; set XDG_DATA_HOME or use --data-dir");
        }
    }

    private Optional<String> externalProblem(dev.scalelab.app.DatabaseSettings settings) {
        try (Database db = Database.open(settings, l -> { })) {
            connectionNote(db);
            return db.maxConnections() < 20
                    ? Optional.of("max_connections is " + db.maxConnections() + "; the ladder needs at least 20")
                    : Optional.empty();
        } catch (DatabaseUnavailableException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Measured once a database is open; printed after the database line. */
    private String connectionNote;

    private void connectionNote(Database db) {
        connectionNote = Environment.connectionSetupMs(db, 15)
                .map(ms -> "  note     " + Environment.connectionSetupLine(ms)
                        + (ms > 25 ? "; the story's per-request steps offer about 27 requests/s, so they will queue on "
                                + "connection setup here" : ""))
                .orElse(null);
    }

    private void printNote(PrintWriter out) {
        if (connectionNote != null) {
            out.println(connectionNote);
        }
    }

    private static String tool(String program, String install, String usedFor) {
        Optional<Path> p = Programs.find(program);
        return p.map(path -> "  ok       " + program + " (" + path + "): " + usedFor)
                .orElse("  missing  " + program + ": " + usedFor + "; install with: " + install);
    }

    private static String line(boolean ok, String what, String problem) {
        return ok ? "  ok       " + what : "  missing  " + what + ": " + problem;
    }
}
