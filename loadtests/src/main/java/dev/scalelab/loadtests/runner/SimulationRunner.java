package dev.scalelab.loadtests.runner;

import dev.scalelab.loadtests.probe.Preflight;
import dev.scalelab.loadtests.record.ClientResults;
import dev.scalelab.loadtests.sim.ScalelabSimulation;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Runs a simulation in a child JVM ({@code io.gatling.app.Gatling}, which calls
 * {@code System.exit}) and returns its results.
 *
 * <pre>{@code
 * RunOutcome outcome = new SimulationRunner().run(RunSettings.builder()
 *         .simulation("StoryWorkload").baseUrl("http://127.0.0.1:8080").rate(20)
 *         .duration(Duration.ofSeconds(60)).warmup(Duration.ofSeconds(10))
 *         .usersCsv(usersCsv).articleIdMax(2000).userIdMax(5000)
 *         .outputDir(stepDir).build(), listener);
 * }</pre>
 *
 * <p>Before any load: the settings are checked ({@link RunSettings#problems()}) and the target
 * must answer {@code GET /health}; otherwise {@link InvalidRunException}. While running: every
 * output line goes to the listener and to {@code injector.log}; the child is stopped (with its
 * descendants) when the time limit passes, when the calling thread is interrupted, and when this
 * JVM shuts down (Ctrl-C). After: a non-zero exit, a missing results file or an overrun is a
 * {@link RunFailedException}.
 */
public final class SimulationRunner {

    /** How long the runner's own preflight waits for {@code /health}. */
    public static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final int TAIL_LINES = 60;

    /** Checks settings and target without sending load. */
    public void check(RunSettings settings) {
        checkSettingsAndTarget(settings);
    }

    private static void checkSettingsAndTarget(RunSettings settings) {
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new InvalidRunException(problems);
        }
        Preflight.Result preflight = Preflight.check(settings.baseUrl(), settings.healthPath(), PREFLIGHT_TIMEOUT);
        if (!preflight.ok()) {
            throw new InvalidRunException(List.of(preflight.problem()));
        }
    }

    /** {@link #run(RunSettings, RunListener)} without listener. */
    public RunOutcome run(RunSettings settings) throws InterruptedException {
        return run(settings, RunListener.none());
    }

    /**
     * Runs the simulation and returns its results.
     *
     * @throws InvalidRunException  before any load: invalid settings or target not answering
     * @throws RunFailedException   the child crashed, exited early, overran or wrote no results
     * @throws InterruptedException the calling thread was interrupted; the child was stopped
     */
    public RunOutcome run(RunSettings settings, RunListener listener) throws InterruptedException {
        return run(settings, listener, true);
    }

    /** With {@code preflight == false} only the simulation's own preflight guards the target (tests). */
    RunOutcome run(RunSettings settings, RunListener listener, boolean preflight) throws InterruptedException {
        if (preflight) {
            check(settings);
        } else if (!settings.problems().isEmpty()) {
            throw new InvalidRunException(settings.problems());
        }
        return new Execution(settings, listener, null).await();
    }

    /**
     * Starts the Gatling JVM now, so it boots while the target is still starting (its JVM start and Gatling's own
     * take a second or two on a small machine); it sends nothing until {@link Launch#go()}. Close the launch when
     * the target never comes up: that stops the waiting JVM.
     *
     * @throws InvalidRunException invalid settings
     * @throws RunFailedException  the JVM could not be started
     */
    public Launch launch(RunSettings settings, RunListener listener) {
        if (!settings.problems().isEmpty()) {
            throw new InvalidRunException(settings.problems());
        }
        Path signal = startSignal(settings);
        return new Launch(settings, new Execution(settings, listener, signal), signal);
    }

    /** The file that tells a launched simulation to go, removed if an earlier run left it. */
    static Path startSignal(RunSettings settings) {
        Path signal = settings.outputDir().resolve(ChildJvm.SUPPORT_DIR).resolve("start").toAbsolutePath();
        try {
            Files.deleteIfExists(signal);
        } catch (IOException e) {
            throw new InvalidRunException(List.of("cannot prepare output folder " + settings.outputDir().toAbsolutePath()
                    + ": " + e.getMessage()));
        }
        return signal;
    }

    /** A run under way, in a JVM of its own or in a resident one. */
    interface Pending {
        /** Waits for the run to end (within the time limit, from now) and reads its results. */
        RunOutcome await() throws InterruptedException;

        /** Stops the run if it is still going; idempotent. */
        void abandon();
    }

    /** A Gatling run started by {@link #launch}, booted and waiting for the word to go. */
    public static final class Launch implements AutoCloseable {
        private final RunSettings settings;
        private final Pending execution;
        private final Path signal;

        Launch(RunSettings settings, Pending execution, Path signal) {
            this.settings = settings;
            this.execution = execution;
            this.signal = signal;
        }

        /**
         * Checks the target ({@code GET /health}), lets the simulation start and waits for its results, as
         * {@link SimulationRunner#run(RunSettings, RunListener)} does; the time limit counts from now.
         */
        public RunOutcome go() throws InterruptedException {
            try {
                checkSettingsAndTarget(settings);
                Path part = signal.resolveSibling(signal.getFileName() + ".part");
                Files.writeString(part, "go\n", StandardCharsets.UTF_8);
                Files.move(part, signal, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                execution.abandon();
                throw new RunFailedException("cannot signal the Gatling JVM to start (" + signal + "): " + e.getMessage(),
                        null, -1, e);
            } catch (RuntimeException e) {
                execution.abandon();
                throw e;
            }
            return execution.await();
        }

        /** Stops the Gatling JVM if it is still running (for example when the target never came up). */
        @Override
        public void close() {
            execution.abandon();
        }
    }

    /** One Gatling JVM: started at construction, its output pumped to the listener and the log. */
    private static final class Execution implements Pending {
        private final RunSettings settings;
        private final ClassArchive archive;
        private final long startMillis = System.currentTimeMillis();
        private final Process process;
        private final Thread hook;
        private final Output output;
        private final Thread out;
        private final Thread err;
        private boolean finished;

        Execution(RunSettings settings, RunListener listener, Path startSignal) {
            this.settings = settings;
            this.archive = ClassArchive.of("injector", ChildJvm.classpath(settings));
            List<String> command;
            try {
                Files.createDirectories(settings.outputDir());
                Files.deleteIfExists(settings.resultsFile());
                command = ChildJvm.prepare(settings, archive, startSignal);
            } catch (IOException e) {
                throw new InvalidRunException(List.of("cannot prepare output folder "
                        + settings.outputDir().toAbsolutePath() + ": " + e.getMessage()));
            }
            try {
                process = new ProcessBuilder(command).directory(settings.outputDir().toFile()).start();
            } catch (IOException e) {
                throw new RunFailedException("cannot start the Gatling JVM (" + command.get(0) + "): " + e.getMessage(),
                        null, -1, e);
            }
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // Gatling reads nothing from stdin when given a simulation
            }
            hook = new Thread(() -> stop(process.toHandle()), "scalelab-stop-gatling");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                output = new Output(settings.logFile(), listener);
            } catch (IOException e) {
                stop(process.toHandle());
                removeHook(hook);
                throw new RunFailedException("cannot write " + settings.logFile() + ": " + e.getMessage(), null, -1, e);
            }
            out = output.pump(process.getInputStream(), "scalelab-gatling-stdout");
            err = output.pump(process.getErrorStream(), "scalelab-gatling-stderr");
        }

        @Override
        public RunOutcome await() throws InterruptedException {
            long startNanos = System.nanoTime();
            Path log = settings.logFile();
            try {
                Duration limit = settings.effectiveTimeLimit();
                // interrupted: abandon() below stops the JVM
                boolean exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
                if (!exited) {
                    stop(process.toHandle());
                    output.close(out, err);
                    throw new RunFailedException("the Gatling JVM did not finish within the time limit of "
                            + limit.toSeconds() + " s and was stopped; last output: " + output.lastMeaningfulLine()
                            + " (all output: " + log + ")", log, -1, null);
                }
                output.close(out, err);
                archive.publish(true);
                return outcome(settings, output, "the Gatling JVM exited", process.exitValue(),
                        Duration.ofNanos(System.nanoTime() - startNanos), startMillis);
            } finally {
                abandon();
            }
        }

        @Override
        public synchronized void abandon() {
            if (finished) {
                return;
            }
            finished = true;
            if (process.isAlive()) {
                stop(process.toHandle());
            }
            try {
                output.close(out, err);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            archive.publish(false);
            removeHook(hook);
        }
    }

    /**
     * The results of a run that ended with {@code exit} ({@code ended} says how, for messages): a refused run, a
     * non-zero exit or a missing results file is an exception.
     */
    static RunOutcome outcome(RunSettings settings, Output output, String ended, int exit, Duration elapsed,
                              long startMillis) {
        Path resultsFile = settings.resultsFile();
        Path log = settings.logFile();
        Optional<String> refused = output.refusal();
        if (refused.isPresent()) {
            throw new InvalidRunException(List.of(refused.get()));
        }
        if (exit != 0) {
            throw new RunFailedException(ended + " with code " + exit + " after "
                    + String.format(Locale.ROOT, "%.1f", elapsed.toMillis() / 1000.0) + " s: "
                    + output.lastMeaningfulLine() + " (all output: " + log + ")", log, exit, null);
        }
        if (!Files.isRegularFile(resultsFile)) {
            throw new RunFailedException("the Gatling run finished but wrote no results to " + resultsFile
                    + "; last output: " + output.lastMeaningfulLine() + " (all output: " + log + ")", log, exit,
                    null);
        }
        ClientResults results;
        try {
            results = ClientResults.read(resultsFile);
        } catch (UncheckedIOException e) {
            throw new RunFailedException(e.getMessage(), log, exit, e);
        }
        Path report = settings.gatlingReport()
                ? findReport(settings.outputDir().resolve(RunSettings.GATLING_DIR), startMillis) : null;
        return new RunOutcome(results, resultsFile, report, log, elapsed);
    }

    /** Stops a process and its descendants: politely, then forcibly after a short grace. */
    static void stop(ProcessHandle process) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.add(process);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception stillAlive) {
                p.destroyForcibly();
            }
        }
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // reported by the caller's own checks; nothing more to do
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it stops the child
        }
    }

    /** The newest report folder (with an index.html) written since the run started. */
    static Path findReport(Path gatlingDir, long sinceMillis) {
        if (!Files.isDirectory(gatlingDir)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(gatlingDir)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("index.html")))
                    .filter(d -> d.toFile().lastModified() >= sinceMillis - 1000)
                    .max(Comparator.comparingLong(d -> d.toFile().lastModified()))
                    .map(Path::toAbsolutePath)
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The child's output: to the listener, to the log file, and the last lines for error messages. */
    static final class Output {
        private final BufferedWriter log;
        private final RunListener listener;
        private final Deque<String> tail = new ArrayDeque<>();
        private final AtomicReference<String> refusal = new AtomicReference<>();
        private final AtomicBoolean measurementStarted = new AtomicBoolean();

        Output(Path logFile, RunListener listener) throws IOException {
            this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
            this.listener = listener;
        }

        Thread pump(InputStream stream, String name) {
            Thread t = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        accept(line);
                    }
                } catch (IOException closed) {
                    // the child is gone
                }
            }, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        void accept(String line) {
            synchronized (this) {
                try {
                    log.write(line);
                    log.newLine();
                } catch (IOException ignored) {
                    // the log is a convenience; the run goes on
                }
                tail.addLast(line);
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
            }
            if (line.startsWith(ScalelabSimulation.PREFLIGHT_FAILED) || line.startsWith(ScalelabSimulation.INVALID_PARAMETERS)) {
                refusal.compareAndSet(null, line.substring(ScalelabSimulation.PREFIX.length()));
            }
            quietly(() -> listener.onLine(line));
            if (line.equals(ScalelabSimulation.MEASUREMENT_STARTED)) {
                if (measurementStarted.compareAndSet(false, true)) {
                    quietly(listener::onMeasurementStart);
                }
            } else if (line.startsWith(ScalelabSimulation.PREFIX)) {
                quietly(() -> listener.onProgress(line.substring(ScalelabSimulation.PREFIX.length())));
            }
        }

        private static void quietly(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // a listener must not break the run
            }
        }

        Optional<String> refusal() {
            return Optional.ofNullable(refusal.get());
        }

        /**
         * The most telling recent line: the root cause of the first exception if any (its last {@code Caused by:},
         * never a reflective wrapper such as {@code InvocationTargetException: null}), else the last non-blank line.
         */
        synchronized String lastMeaningfulLine() {
            List<String> lines = new ArrayList<>(tail);
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (l.startsWith("Caused by:") || l.matches("^(Exception in thread .*|[\\w.$]+(Exception|Error)(: .*)?)$")
                        || l.startsWith("Error: ")) {
                    // the JVM's own "Error: ..." line says it best; an exception is told by its root cause
                    return l.startsWith("Error: ") ? l : rootCause(lines, i);
                }
            }
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
            return "(no output)";
        }

        /** The exception starting at {@code first}, or the deepest {@code Caused by:} of its stack trace. */
        private static String rootCause(List<String> lines, int first) {
            String best = lines.get(first).strip();
            for (int j = first + 1; j < lines.size(); j++) {
                String l = lines.get(j).strip();
                if (l.startsWith("at ") || l.startsWith("...")) {
                    continue;
                }
                if (l.startsWith("Caused by:")) {
                    best = l;
                    continue;
                }
                break;
            }
            return best.startsWith("Caused by:") ? best.substring("Caused by:".length()).strip() : best;
        }

        void close(Thread... pumps) throws InterruptedException {
            for (Thread pump : pumps) {
                pump.join(GRACE.toMillis());
            }
            synchronized (this) {
                try {
                    log.close();
                } catch (IOException ignored) {
                    // see accept()
                }
            }
        }
    }
}
