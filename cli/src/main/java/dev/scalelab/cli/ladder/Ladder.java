package dev.scalelab.cli.ladder;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import dev.scalelab.reports.model.StepStatus;

/**
 * A ladder: steps run one after the other under the same workload, so they compare.
 *
 * @param name     shown in reports
 * @param workload the load every step gets
 * @param quick    the shorter load used with {@code --quick}
 * @param steps    in order
 */
public record Ladder(String name, Workload workload, Workload quick, List<Step> steps, dev.scalelab.reports.model.Slo slo,
                     dev.scalelab.cli.capacity.SearchSettings capacity,
                     dev.scalelab.cli.capacity.SearchSettings capacityQuick, List<Integer> scaleOutInstances) {

    public Ladder {
        // the instance counts of a stack step's scale-out series under --capacity ({@code capacity: {instances: [...]}})
        scaleOutInstances = scaleOutInstances == null ? ScaleOutSeries.INSTANCES : List.copyOf(scaleOutInstances);
        steps = List.copyOf(steps);
        slo = slo == null ? dev.scalelab.reports.model.Slo.DEFAULT : slo;
        capacity = capacity == null ? dev.scalelab.cli.capacity.SearchSettings.DEFAULT : capacity;
        capacityQuick = capacityQuick == null ? dev.scalelab.cli.capacity.SearchSettings.QUICK : capacityQuick;
    }

    public Ladder(String name, Workload workload, Workload quick, List<Step> steps, dev.scalelab.reports.model.Slo slo,
                  dev.scalelab.cli.capacity.SearchSettings capacity,
                  dev.scalelab.cli.capacity.SearchSettings capacityQuick) {
        this(name, workload, quick, steps, slo, capacity, capacityQuick, null);
    }

    /** A ladder with the default SLO and capacity search ({@code slo:} and {@code capacity:} left out). */
    public Ladder(String name, Workload workload, Workload quick, List<Step> steps) {
        this(name, workload, quick, steps, null, null, null);
    }

    /**
     * The load of one step.
     *
     * @param simulation  Gatling simulation class (simple name in the loadtests module, or fully qualified)
     * @param rate        new visitors per second (open injection model)
     * @param warmupSec   load before measuring
     * @param durationSec measured load
     * @param drainSec    how long requests issued during the measurement may take to finish afterwards
     * @param commentShare share of signed-in visitors who post a comment; null for the simulation's default
     * @param signedInShare share of visitors who sign in; null for the story's default. Only for the built-in story
     *                     (a workload file sets its own in the file).
     * @param thinkMinMs   shortest think time between a visitor's pages; null for the story's default (both think
     *                     bounds are set, or neither). Only for the built-in story.
     * @param thinkMaxMs   longest think time, at least {@code thinkMinMs}; null for the story's default
     * @param warmUpWrites comments the reference app posts and rolls back before it serves (its
     *                     {@code --warm-up-writes}), so the few comments a workload posts are not the JVM's first; 0:
     *                     none. Ignored for the user's own app.
     * @param file         a workload file (docs/workloads.md) whose journeys are sent, absolute; empty for a built-in
     *                     simulation. The other values are the file's {@code load}, overridden by the ladder's map form.
     */
    public record Workload(String simulation, double rate, int warmupSec, int durationSec, int drainSec,
                           Double commentShare, Double signedInShare, Integer thinkMinMs, Integer thinkMaxMs,
                           int warmUpWrites, Optional<java.nio.file.Path> file) {
        public Workload(String simulation, double rate, int warmupSec, int durationSec, int drainSec,
                        Double commentShare, int warmUpWrites, Optional<java.nio.file.Path> file) {
            this(simulation, rate, warmupSec, durationSec, drainSec, commentShare, null, null, null, warmUpWrites, file);
        }

        public Workload(String simulation, double rate, int warmupSec, int durationSec, int drainSec) {
            this(simulation, rate, warmupSec, durationSec, drainSec, null, 0, Optional.empty());
        }

        public Workload(String simulation, double rate, int warmupSec, int durationSec, int drainSec,
                        Double commentShare, int warmUpWrites) {
            this(simulation, rate, warmupSec, durationSec, drainSec, commentShare, warmUpWrites, Optional.empty());
        }

        /** How it reads in the summary: the file's name or the simulation's. */
        public String label() {
            return file.map(f -> f.getFileName().toString()).orElse(simulation);
        }
    }

    /**
     * One rung.
     *
     * @param name        unique, used in folder names
     * @param description one line for the report
     * @param app         the reference app's switches, inherited from earlier steps and resolved
     * @param workload    overrides the ladder's workload, when given
     * @param ownApp      the user's own app, instead of the reference app
     * @param expect      the status the step should end with when not PASSED (the story's shared page cache is
     *                    meant to FAIL); the command's exit code counts only unexpected outcomes
     * @param stack       the production stack around the reference app (not inherited by later steps)
     * @param maxErrorRate the share of failed requests above which the step FAILS (default 1 %, at most 50 %: a step
     *                     whose requests mostly fail never passes)
     * @param maxStatementsPerRequest the SQL statements a request of any route may run on average before the step
     *                     FAILS; empty for no limit (statement counts are exact, so this limit does not depend on how
     *                     long or how hard a step loads the app)
     */
    public record Step(String name, String description, Map<String, String> app, Optional<Workload> workload,
                       Optional<OwnApp> ownApp, Optional<StepStatus> expect, Stack stack, double maxErrorRate,
                       OptionalInt maxStatementsPerRequest) {

        public Step {
            app = Map.copyOf(app);
            if (!(maxErrorRate >= 0 && maxErrorRate <= StepVerdict.HIGHEST_MAX_ERROR_RATE)) {
                throw new IllegalArgumentException("maxErrorRate must be between 0 and "
                        + StepVerdict.HIGHEST_MAX_ERROR_RATE + " (was " + maxErrorRate + ")");
            }
            if (maxStatementsPerRequest.isPresent() && maxStatementsPerRequest.getAsInt() < 1) {
                throw new IllegalArgumentException("maxStatementsPerRequest must be at least 1 (was "
                        + maxStatementsPerRequest.getAsInt() + ")");
            }
        }

        /** A step with no statement limit. */
        public Step(String name, String description, Map<String, String> app, Optional<Workload> workload,
                    Optional<OwnApp> ownApp, Optional<StepStatus> expect, Stack stack, double maxErrorRate) {
            this(name, description, app, workload, ownApp, expect, stack, maxErrorRate, OptionalInt.empty());
        }

        /** A step with the default error-rate limit. */
        public Step(String name, String description, Map<String, String> app, Optional<Workload> workload,
                    Optional<OwnApp> ownApp, Optional<StepStatus> expect, Stack stack) {
            this(name, description, app, workload, ownApp, expect, stack, StepVerdict.DEFAULT_MAX_ERROR_RATE);
        }

        /** Whether the step runs the reference app (else the user's own app). */
        public boolean referenceApp() {
            return ownApp.isEmpty();
        }
    }

    /**
     * The user's own app in a step: how it starts (or that it already runs), where it answers and which path says it
     * is ready.
     *
     * @param url          where it answers; empty when scalelab picks a free loopback port for it ({@code ${port}} in
     *                     the command, and the environment variables {@code PORT} and {@code SERVER_PORT})
     * @param start        the shell command that starts it, stopped with its children after the step; empty when the
     *                     app is already running
     * @param env          environment variables of the start command (and of the build)
     * @param args         arguments appended to the start command, each quoted for the shell
     * @param health       the path that answers 200 once the app is ready; empty for the workload's (default
     *                     {@code /health})
     * @param ref          a git ref of the app's repository, built in a temporary worktree and started there
     * @param usersCsv     its users ({@code id,email,password,name}) for built-in workloads that sign in
     * @param articleIdMax the highest article id, for built-in workloads that pick articles by id (0 when not given)
     * @param userIdMax    the highest user id, for built-in workloads that pick users by id (0 when not given)
     * @param allowRemote  whether {@code url} may name another host than this one
     * @param startTimeoutSec how long a started app may take to answer its health path
     * @param directory    where the start command runs (a ladder file's folder); empty for the current folder. A git
     *                     ref's command runs in the ref's worktree instead.
     */
    public record OwnApp(Optional<String> url, Optional<String> start, Map<String, String> env, List<String> args,
                         Optional<String> health, Optional<GitRef> ref, Optional<java.nio.file.Path> usersCsv,
                         int articleIdMax, int userIdMax, boolean allowRemote, int startTimeoutSec,
                         Optional<java.nio.file.Path> directory) {
        /** How long a started app may take to answer its health path, unless the step says otherwise. */
        public static final int DEFAULT_START_TIMEOUT_SEC = 120;

        public OwnApp {
            env = Map.copyOf(env);
            args = List.copyOf(args);
        }

        /** An app at {@code url} started by {@code start} (or already running), with the defaults for the rest. */
        public static OwnApp of(Optional<String> url, Optional<String> start) {
            return new OwnApp(url, start, Map.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                    0, 0, false, DEFAULT_START_TIMEOUT_SEC, Optional.empty());
        }
    }

    /**
     * A commit of the app's repository to build and start.
     *
     * @param repository the repository's folder (the ladder file's folder or one above it)
     * @param ref        a branch, tag or commit
     * @param build      the shell command that builds it in its worktree, e.g. {@code ./mvnw -q -DskipTests package}
     */
    public record GitRef(java.nio.file.Path repository, String ref, String build) {
    }

    /**
     * What runs around the app in a step: the servers scalelab starts itself, and how the machine is shared.
     *
     * @param instances app instances; more than one puts nginx in front of them
     * @param pgbouncer PgBouncer in transaction mode between the apps (and workers) and PostgreSQL
     * @param memcached one memcached as the page cache shared by the instances
     * @param split     the database pinned to the first CPU and everything else of the step to the others (taskset),
     *                  as if the database had its own server
     */
    public record Stack(int instances, boolean pgbouncer, boolean memcached, boolean split, boolean nginxAlone) {
        public static final Stack SINGLE = new Stack(1, false, false, false);

        public Stack {
            if (instances < 1) {
                throw new IllegalArgumentException("instances must be at least 1 (was " + instances + ")");
            }
        }

        /** A stack with nginx only in front of two or more instances. */
        public Stack(int instances, boolean pgbouncer, boolean memcached, boolean split) {
            this(instances, pgbouncer, memcached, split, false);
        }

        /**
         * Whether nginx balances the instances: always for two or more; for one only with {@code nginxAlone} (the
         * one-instance point of a scale-out series keeps the rest of its stack).
         */
        public boolean nginx() {
            return instances > 1 || nginxAlone;
        }
    }

    public Optional<Step> step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
