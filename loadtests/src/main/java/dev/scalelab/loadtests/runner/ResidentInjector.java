package dev.scalelab.loadtests.runner;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Gatling JVM for many runs, one after the other ({@link GatlingHost}): a ladder boots the injector once instead
 * of once per step (about 2.5 CPU-seconds each on a small machine, spent while the step's app boots too), and every
 * step after the first is driven by a warm injector, which takes less CPU from the app it measures.
 *
 * <p>{@link #launch} behaves like {@link SimulationRunner#launch}: the simulation boots and waits for
 * {@link SimulationRunner.Launch#go()}. A run that is abandoned before it ends (its target never came up, the
 * calling thread was interrupted), that overruns its time limit, or whose launch settings need another JVM (other
 * Java, options or classpath) stops the resident JVM; the next launch starts a new one. {@link #close()} ends the JVM
 * and waits for it. Lines the JVM prints outside a run go to {@code host.log} in the work folder.
 */
public final class ResidentInjector implements AutoCloseable {

    /** How long a resident JVM may take to exit after its input closed (it may be writing its class archive). */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(60);

    private final Path workDir;
    private Host host;

    /** @param workDir a folder for the JVM's support files and its own log (created when needed) */
    public ResidentInjector(Path workDir) {
        this.workDir = workDir.toAbsolutePath();
    }

    /**
     * Starts the run on the resident JVM (starting that JVM when there is none, or it cannot take this run), booted
     * and waiting for the word to go.
     *
     * @throws InvalidRunException invalid settings
     * @throws RunFailedException  the JVM could not be started or given the run
     */
    public synchronized SimulationRunner.Launch launch(RunSettings settings, RunListener listener) {
        if (!settings.problems().isEmpty()) {
            throw new InvalidRunException(settings.problems());
        }
        Path signal = SimulationRunner.startSignal(settings);
        Jvm jvm = new Jvm(ChildJvm.jvm(settings, ClassArchive.none(), workDir.resolve(ChildJvm.SUPPORT_DIR)),
                ChildJvm.classpath(settings));
        if (host != null && (!host.idle() || !host.jvm.equals(jvm))) {
            host.stop();
            host = null;
        }
        if (host == null) {
            try {
                ChildJvm.supportFiles(workDir);
            } catch (IOException e) {
                throw new InvalidRunException(List.of("cannot prepare " + workDir + ": " + e.getMessage()));
            }
            host = new Host(jvm, workDir);
        }
        return new SimulationRunner.Launch(settings, host.submit(settings, listener, signal), signal);
    }

    /** Process ids of the resident JVM, empty when none runs. */
    public synchronized List<Long> pids() {
        return host != null && host.process.isAlive() ? List.of(host.process.pid()) : List.of();
    }

    /** Ends the resident JVM (its runs are over, or stopped) and waits for it. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (host != null) {
            host.close();
            host = null;
        }
    }

    /** What a resident JVM runs with: the command up to the classpath (no class archive), and the classpath. */
    private record Jvm(List<String> command, String classpath) {
    }

    /** The resident JVM: its input takes run files, its output goes to the run under way. */
    private static final class Host {
        final Jvm jvm;
        final Process process;
        final ClassArchive archive;
        final BufferedWriter input;
        final BufferedWriter hostLog;
        final Thread pump;
        final Thread hook;
        private Run current;
        private boolean stopped;
        private int runs;

        Host(Jvm jvm, Path workDir) {
            this.jvm = jvm;
            this.archive = ClassArchive.of("injector", jvm.classpath());
            List<String> command = new ArrayList<>(jvm.command());
            command.addAll(1, archive.jvmOptions());
            command.addAll(List.of("-cp", jvm.classpath(), GatlingHost.class.getName()));
            try {
                hostLog = Files.newBufferedWriter(workDir.resolve("host.log"), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new InvalidRunException(List.of("cannot write " + workDir.resolve("host.log") + ": "
                        + e.getMessage()));
            }
            try {
                process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
            } catch (IOException e) {
                try {
                    hostLog.close();
                } catch (IOException ignored) {
                    // nothing was written
                }
                throw new RunFailedException("cannot start the Gatling JVM (" + command.get(0) + "): " + e.getMessage(),
                        null, -1, e);
            }
            input = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            hook = new Thread(() -> SimulationRunner.stop(process.toHandle()), "scalelab-stop-gatling-host");
            Runtime.getRuntime().addShutdownHook(hook);
            pump = new Thread(this::pump, "scalelab-gatling-host-output");
            pump.setDaemon(true);
            pump.start();
        }

        synchronized boolean idle() {
            return current == null && !stopped && process.isAlive();
        }

        synchronized Run submit(RunSettings settings, RunListener listener, Path signal) {
            Run run;
            try {
                Path file = settings.outputDir().resolve(ChildJvm.SUPPORT_DIR).resolve("run-" + (++runs) + ".properties");
                Files.createDirectories(file.getParent());
                Files.deleteIfExists(settings.resultsFile());
                List<String> arguments = ChildJvm.gatlingArguments(settings);
                new GatlingHost.Run(ChildJvm.runProperties(settings, signal), arguments).write(file);
                run = new Run(this, settings, new SimulationRunner.Output(settings.logFile(), listener));
                current = run;
                input.write(file.toAbsolutePath().toString());
                input.newLine();
                input.flush();
            } catch (IOException e) {
                stop();
                throw new RunFailedException("cannot give the run to the Gatling JVM: " + e.getMessage(), null, -1, e);
            }
            return run;
        }

        /** Routes each line to the run under way; the end line finishes it. */
        private void pump() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    Run run;
                    synchronized (this) {
                        run = current;
                        if (run != null && line.startsWith(GatlingHost.ENDED)) {
                            current = null;
                        }
                    }
                    if (run == null) {
                        writeHostLog(line);
                    } else if (line.startsWith(GatlingHost.ENDED)) {
                        run.exit.complete(Integer.parseInt(line.substring(GatlingHost.ENDED.length()).strip()));
                    } else {
                        run.output.accept(line);
                    }
                }
            } catch (IOException | NumberFormatException closed) {
                // the JVM is gone; the run under way learns it below
            }
            Run run;
            synchronized (this) {
                run = current;
                current = null;
            }
            if (run != null) {
                run.exit.completeExceptionally(new IllegalStateException("the Gatling JVM ended"));
            }
        }

        private synchronized void writeHostLog(String line) {
            try {
                hostLog.write(line);
                hostLog.newLine();
                hostLog.flush();
            } catch (IOException ignored) {
                // the host log is a convenience
            }
        }

        /** Stops the JVM at once (a run under way is lost). */
        void stop() {
            synchronized (this) {
                stopped = true;
            }
            SimulationRunner.stop(process.toHandle());
            finish(false);
        }

        /** Closes the JVM's input, so it exits after the run under way, and waits for it. */
        void close() throws InterruptedException {
            synchronized (this) {
                stopped = true;
            }
            try {
                input.close();
            } catch (IOException ignored) {
                // the JVM is gone already
            }
            boolean exited = process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                SimulationRunner.stop(process.toHandle());
            }
            finish(exited && process.exitValue() == 0);
        }

        private void finish(boolean normalExit) {
            try {
                pump.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            archive.publish(normalExit);
            synchronized (this) {
                try {
                    hostLog.close();
                } catch (IOException ignored) {
                    // see writeHostLog
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it stops the JVM
            }
        }
    }

    /** One run on the resident JVM. */
    private static final class Run implements SimulationRunner.Pending {
        private final Host host;
        private final RunSettings settings;
        private final SimulationRunner.Output output;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private final long startMillis = System.currentTimeMillis();
        private boolean finished;

        Run(Host host, RunSettings settings, SimulationRunner.Output output) {
            this.host = host;
            this.settings = settings;
            this.output = output;
        }

        @Override
        public RunOutcome await() throws InterruptedException {
            long startNanos = System.nanoTime();
            Path log = settings.logFile();
            Duration limit = settings.effectiveTimeLimit();
            try {
                int code;
                try {
                    code = exit.get(limit.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // abandon() below stops the JVM
                    throw new RunFailedException("the Gatling run did not finish within the time limit of "
                            + limit.toSeconds() + " s and was stopped; last output: " + output.lastMeaningfulLine()
                            + " (all output: " + log + ")", log, -1, null);
                } catch (ExecutionException e) {
                    throw new RunFailedException("the Gatling JVM ended during the run; last output: "
                            + output.lastMeaningfulLine() + " (all output: " + log + ")", log, -1, null);
                }
                return SimulationRunner.outcome(settings, output, "the Gatling run ended", code,
                        Duration.ofNanos(System.nanoTime() - startNanos), startMillis);
            } finally {
                abandon();
            }
        }

        @Override
        public void abandon() {
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
            }
            if (!exit.isDone()) {
                host.stop();
            }
            try {
                output.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
