package dev.scalelab.cli.ladder;

import dev.scalelab.cli.gate.SnapshotClient;
import dev.scalelab.cli.proc.AppProcess;
import dev.scalelab.cli.proc.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The user's app started by a shell command: {@code start} with {@code args} appended (each quoted), {@code env}
 * added to the environment, run in a folder (the ladder file's, or a git ref's worktree), its output in the step's
 * {@code app.log}. Without a {@code url} it gets a free loopback port: {@code ${port}} in the command, its arguments
 * and environment, and {@code PORT} and {@code SERVER_PORT} (Spring Boot's) in the environment.
 */
final class CommandLauncher implements AppLauncher {
    private final Ladder.OwnApp own;
    private final Path directory;

    /** @param directory where the command runs; null for this process's working folder */
    CommandLauncher(Ladder.OwnApp own, Path directory) {
        if (own.start().isEmpty()) {
            throw new IllegalArgumentException("a command launcher needs a start command");
        }
        this.own = own;
        this.directory = directory;
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("start", command("${port}"));
        own.env().forEach((k, v) -> d.put("env " + k, v));
        own.url().ifPresent(u -> d.put("url", u));
        return d;
    }

    @Override
    public Target start(StepContext ctx) throws StartException {
        return start(ctx, directory);
    }

    /** Starts the command in {@code dir}. */
    OwnTarget start(StepContext ctx, Path dir) throws StartException {
        int port = own.url().map(CommandLauncher::port).orElseGet(FreePorts::next);
        String url = own.url().orElse("http://127.0.0.1:" + port);
        String p = Integer.toString(port);
        Map<String, String> env = new LinkedHashMap<>();
        if (own.url().isEmpty()) {
            env.put("PORT", p);
            env.put("SERVER_PORT", p);
        }
        // an app with the Spring Boot starter, or the library's endpoint wired to the first variable, opens its
        // diagnostics endpoint to this token (docs/own-app.md)
        String token = HexFormat.of().formatHex(StepExecutor.random(16));
        SnapshotClient.TOKEN_ENV.forEach(name -> env.put(name, token));
        own.env().forEach((k, v) -> env.put(k, v.replace("${port}", p)));
        String command = command(p);
        ctx.progress().accept("starting your app: " + (command.length() > 100 ? command.substring(0, 97) + "..." : command)
                + " (output in app.log)");
        Opened opened = new Opened();
        try {
            AppProcess app = opened.add(AppProcess.start(java.util.List.of("/bin/sh", "-c", command), dir, env,
                    Targets.base(url), ctx.stepDir().resolve("app.log"), Optional.of(token)));
            return new OwnTarget(own, ctx, url, Optional.of(app), opened);
        } catch (IOException e) {
            opened.close();
            throw new StartException("cannot start your app (" + command + "): " + e.getMessage());
        }
    }

    /** The start command with its arguments, {@code ${port}} replaced. */
    String command(String port) {
        StringBuilder b = new StringBuilder(own.start().orElseThrow());
        for (String a : own.args()) {
            b.append(' ').append(shellQuote(a));
        }
        return b.toString().replace("${port}", port);
    }

    static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static int port(String url) {
        URI u = URI.create(url);
        return u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
