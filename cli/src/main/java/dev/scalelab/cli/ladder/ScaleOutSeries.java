package dev.scalelab.cli.ladder;

import dev.scalelab.reports.model.Capacity;
import dev.scalelab.reports.model.UslFit;
import dev.scalelab.reports.model.UslPoint;
import dev.scalelab.reports.stats.Usl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The scale-out series of a stack step under {@code --capacity}: its capacity at 1, 2 and 3 app instances (the same
 * stack otherwise), fitted to the Universal Scalability Law.
 */
final class ScaleOutSeries {
    /** The instance counts a stack step is measured at. */
    static final List<Integer> INSTANCES = List.of(1, 2, 3);

    private ScaleOutSeries() {
    }

    /** Whether a step gets the series: a reference-app step with a production stack around it. */
    static boolean applies(Ladder.Step step) {
        Ladder.Stack s = step.stack();
        return step.ownApp().isEmpty() && s != null && (s.instances() > 1 || s.pgbouncer() || s.memcached());
    }

    /** A capacity as a point of the series; null when the search found none. */
    static UslPoint point(int instances, Capacity c) {
        return c == null || c.atMost() || !(c.requestsPerSec() > 0) ? null
                : new UslPoint(instances, c.requestsPerSec(), c.injectorBound());
    }

    /** What the fit says about where it was measured. */
    static String note(int cores) {
        return String.format(Locale.ROOT, "The instances share this machine's %d cores (with PostgreSQL, nginx, "
                + "PgBouncer, memcached and the load injector), so the fit describes this machine, not more machines",
                cores);
    }

    /**
     * The fit of the capacities by instance count (null for a count whose search found none); empty, with a line in
     * {@code missing} saying why, when fewer than two counts have one.
     */
    static Optional<UslFit> fit(String step, Map<Integer, Capacity> byInstances, int cores, List<String> missing) {
        List<UslPoint> points = new ArrayList<>();
        byInstances.forEach((n, c) -> {
            UslPoint p = point(n, c);
            if (p != null) {
                points.add(p);
            }
        });
        try {
            return Optional.of(Usl.fit(step, points, cores, note(cores)));
        } catch (IllegalArgumentException e) {
            missing.add("scalability fit: " + e.getMessage());
            return Optional.empty();
        }
    }
}
