package dev.scalelab.loadtests.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The simulations this module ships, with what each needs. */
public enum SimulationKind {
    /** The story's workload: anonymous and signed-in visitors arriving at a rate, reading, commenting. */
    STORY_WORKLOAD("StoryWorkload", true, true, true),
    /** Every route once, anonymous then signed in; one user; deterministic. */
    QUERY_PROFILE("QueryProfile", false, true, false),
    /** Only {@code GET /health}, as fast as asked: measures the injector itself. */
    HEALTH_LOAD("HealthLoad", true, false, false),
    /**
     * A workload file ({@code workloadFile}: journeys, feeders, probes) built into a scenario at run time; its users
     * and ids are its feeders, so it needs neither the users CSV nor the id bounds.
     */
    WORKLOAD("WorkloadSimulation", true, false, false);

    private final String simpleName;
    private final boolean timed;
    private final boolean needsUsers;
    private final boolean needsIds;

    SimulationKind(String simpleName, boolean timed, boolean needsUsers, boolean needsIds) {
        this.simpleName = simpleName;
        this.timed = timed;
        this.needsUsers = needsUsers;
        this.needsIds = needsIds;
    }

    public String simpleName() {
        return simpleName;
    }

    public String className() {
        return SimulationKind.class.getPackageName() + "." + simpleName;
    }

    /** Runs for a duration at a rate (open model); false for a fixed script. */
    public boolean timed() {
        return timed;
    }

    /** Signs users in, so needs the users CSV. */
    public boolean needsUsers() {
        return needsUsers;
    }

    /** Picks articles and users by id, so needs articleIdMax and userIdMax. */
    public boolean needsIds() {
        return needsIds;
    }

    /** By simple name ({@code StoryWorkload}, case-insensitive) or fully qualified class name. */
    public static Optional<SimulationKind> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.strip();
        return Arrays.stream(values())
                .filter(k -> k.simpleName.toLowerCase(Locale.ROOT).equals(n.toLowerCase(Locale.ROOT))
                        || k.className().equals(n))
                .findFirst();
    }

    /** {@code StoryWorkload, QueryProfile, HealthLoad, WorkloadSimulation}: for messages. */
    public static String names() {
        return Arrays.stream(values()).map(SimulationKind::simpleName).collect(Collectors.joining(", "));
    }
}
