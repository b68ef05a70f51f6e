package dev.scalelab.cli.ladder;

import dev.scalelab.cli.proc.ChildProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A commit of the user's repository: checked out with {@code git worktree add} into a temporary folder under the run
 * folder, built there with the step's {@code build} command (progress lines, output in the step's {@code build.log}),
 * then started there like a command step. The worktree is removed when the step ends, also when the build or the
 * start fails and on Ctrl-C (the step's target is closed on the way out).
 */
final class GitRefLauncher implements AppLauncher {
    /** How long a build may take. */
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
    /** How often a running build says it is still running. */
    static final Duration BUILD_PROGRESS = Duration.ofSeconds(10);

    private final Ladder.OwnApp own;
    private final Ladder.GitRef ref;

    GitRefLauncher(Ladder.OwnApp own) {
        this.own = own;
        this.ref = own.ref().orElseThrow();
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("ref", ref.ref());
        d.put("build", ref.build());
        d.putAll(new CommandLauncher(own, null).describe());
        return d;
    }

    @Override
    public Target start(StepContext ctx) throws StartException, InterruptedException {
        Path repo = ref.repository();
        String top = git(repo, ctx, "rev-parse", "--show-toplevel").strip();
        String commit = git(repo, ctx, "rev-parse", "--verify", "--quiet", ref.ref() + "^{commit}").strip();
        String shortCommit = commit.length() > 10 ? commit.substring(0, 10) : commit;
        Path worktree = ctx.runDir().resolve(".worktrees").resolve(ctx.stepDir().getFileName() + "-"
                + ctx.repeat()).toAbsolutePath();
        Opened opened = new Opened();
        try {
            Files.createDirectories(worktree.getParent());
            ctx.progress().accept("checking out " + ref.ref() + " (" + shortCommit + ") into " + worktree);
            git(repo, ctx, "worktree", "add", "--detach", "--force", worktree.toString(), commit);
            opened.add(() -> removeWorktree(repo, worktree));
            // the ladder file's folder inside the repository is the app's folder inside the worktree
            Path dir = worktree.resolve(Path.of(top).toRealPath().relativize(repo.toRealPath()));
            build(ctx, dir, shortCommit);
            OwnTarget target = new CommandLauncher(own, dir).start(ctx, dir);
            opened.add(target);
            return new OwnTarget(own, ctx, target.baseUrl(), target.process(), opened)
                    .log("build log", ctx.stepDir().resolve("build.log"));
        } catch (IOException e) {
            opened.close();
            throw new StartException("cannot check out " + ref.ref() + " into " + worktree + ": " + e.getMessage());
        } catch (StartException | InterruptedException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** Runs the build in {@code dir}, with a progress line every {@link #BUILD_PROGRESS}. */
    private void build(StepContext ctx, Path dir, String commit) throws StartException, InterruptedException, IOException {
        Path log = ctx.stepDir().resolve("build.log");
        ctx.progress().accept("building " + ref.ref() + " (" + commit + "): " + ref.build() + " (output in build.log)");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", ref.build()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(own.env());
        Process p = ChildProcesses.register(pb.start());
        long t0 = System.nanoTime();
        try {
            while (!p.waitFor(BUILD_PROGRESS.toMillis(), TimeUnit.MILLISECONDS)) {
                long s = (System.nanoTime() - t0) / 1_000_000_000L;
                if (s > BUILD_TIMEOUT.toSeconds()) {
                    throw new StartException("the build of " + ref.ref() + " (" + ref.build() + ") took more than "
                            + BUILD_TIMEOUT.toMinutes() + " min and was stopped; see " + log);
                }
                ctx.progress().accept("still building " + ref.ref() + " (" + s + " s): " + lastLines(log, 1));
            }
        } finally {
            ChildProcesses.stop(p, Duration.ofSeconds(5));
        }
        if (p.exitValue() != 0) {
            throw new StartException("the build of " + ref.ref() + " (" + ref.build() + ") failed with exit code "
                    + p.exitValue() + ": " + lastLines(log, 3) + "; see " + log);
        }
        ctx.progress().accept(String.format(java.util.Locale.ROOT, "built %s in %.0f s", ref.ref(),
                (System.nanoTime() - t0) / 1e9));
    }

    /** Runs git in {@code dir}; its output, or a StartException with git's message. */
    private String git(Path dir, StepContext ctx, String... args) throws StartException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = ChildProcesses.register(new ProcessBuilder(cmd).redirectErrorStream(true).start());
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            ChildProcesses.stop(p, Duration.ofSeconds(1));
            if (code != 0) {
                String what = args[0].equals("rev-parse") && List.of(args).contains("--verify")
                        ? "no commit '" + ref.ref() + "' in the git repository at " + dir + " (give a branch, tag or "
                        + "commit of it as 'ref')"
                        : args[0].equals("rev-parse") ? dir + " is not in a git repository ('ref' builds a commit of the "
                        + "repository holding the ladder file)"
                        : "git " + String.join(" ", args) + " failed: " + out.strip().replace('\n', ' ');
                throw new StartException(what);
            }
            return out;
        } catch (IOException e) {
            throw new StartException("cannot run git (" + e.getMessage() + "); 'ref' steps need git on the PATH");
        }
    }

    /** Removes the worktree and git's record of it; deletes the folder when git cannot. */
    private static void removeWorktree(Path repo, Path worktree) {
        // runs on the way out of an interrupted step too (Ctrl-C): git gets its time, the flag is kept for the caller
        boolean interrupted = Thread.interrupted();
        try {
            removeWorktreeNow(repo, worktree);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void removeWorktreeNow(Path repo, Path worktree) {
        try {
            Process p = new ProcessBuilder("git", "-C", repo.toString(), "worktree", "remove", "--force",
                    worktree.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // deleted below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (Files.exists(worktree)) {
            try (Stream<Path> s = Files.walk(worktree)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // left behind: the run folder holds it
            }
            try {
                new ProcessBuilder("git", "-C", repo.toString(), "worktree", "prune")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start()
                        .waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                // git's record stays until its next prune
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(worktree.getParent());
        } catch (IOException e) {
            // other worktrees are still there
        }
    }

    private static String lastLines(Path log, int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
            return lines.isEmpty() ? "(no output yet)"
                    : String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no output yet)";
        }
    }
}
