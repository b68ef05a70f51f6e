package dev.scalelab.cli.capacity;

import dev.scalelab.reports.model.Capacity;
import dev.scalelab.reports.model.CapacityLevel;
import dev.scalelab.reports.model.Slo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds how many visitors per second a running app carries within an SLO: a stepped ramp until a level does not
 * hold, a bisection between the last level that held and the first that did not, then a confirmation at the found
 * rate (stepping down when the confirmation fails). A level that fails inside the ramp runs once more before it is
 * believed: one slow level (a collection, a neighbour's burst) must not end the ramp early. A quick look
 * ({@link SearchSettings#recheck()} false) believes every level the first time and confirms nothing. When the first level does
 * not hold, the ramp steps down by halves to an eighth of its start before it gives up ({@link Capacity#atMost()}).
 *
 * <p>The injector shares the machine with the app. When it is at its own limit (it started fewer visitors than the
 * schedule called for, it sent them late, or it took its share of a saturated machine) the search stops: what the
 * app carried so far is a lower bound ({@link Capacity#injectorBound()}), never its capacity.
 */
public final class CapacitySearch {

    /**
     * The injector could not keep its schedule when it started visitors later than this (95th percentile), or than
     * {@link #LAG_SHARE_OF_SLO} of the SLO's p95 where that is more: arrivals bunched on the time scale of the
     * latencies being judged are not the load the level asked for.
     */
    public static final double MAX_INJECTOR_LAG_MS = 50;
    /** See {@link #MAX_INJECTOR_LAG_MS}. */
    public static final double LAG_SHARE_OF_SLO = 0.2;
    /** Fewer visitors started than this share of the schedule means the injector could not keep it. */
    public static final double MIN_SENT_FRACTION = 0.95;
    /** A level with fewer requests than this is not judged on its throughput. */
    public static final int MIN_REQUESTS_FOR_THROUGHPUT = 20;
    /** The machine counts as saturated above this share of its cores. */
    public static final double SATURATED = 0.9;

    private final LevelRunner runner;
    private final Slo slo;
    private final SearchSettings settings;
    private final Consumer<CapacityLevel> progress;

    private final double firstRate;

    /** @param progress told about each level as it ends */
    public CapacitySearch(LevelRunner runner, Slo slo, SearchSettings settings, Consumer<CapacityLevel> progress) {
        this(runner, slo, settings, progress, settings.startRate());
    }

    /**
     * A search whose ramp starts at {@code firstRate} instead of the settings' start rate (a ladder starts each step
     * at the capacity of the step before); when that level does not hold, the ramp still steps down to an eighth of
     * the settings' start rate.
     */
    public CapacitySearch(LevelRunner runner, Slo slo, SearchSettings settings, Consumer<CapacityLevel> progress,
                          double firstRate) {
        this.runner = runner;
        this.slo = slo;
        this.settings = settings;
        this.progress = progress;
        this.firstRate = round(Math.min(settings.maxRate(), Math.max(settings.startRate(), firstRate)));
    }

    /**
     * What a search found.
     *
     * @param capacity the capacity (atMost when no level held, injectorBound when the injector stopped it)
     * @param levels   every level in the order it ran
     * @param breaking the first level that did not hold (believed: it failed twice in the ramp, or in the bisection),
     *                 for the bottleneck; null when every level held
     * @param stoppedBy why the search ended early (the injector's limit, a level that could not run); null when it
     *                  ran to the end
     */
    public record Result(Capacity capacity, List<CapacityLevel> levels, LevelMeasurement breaking, String stoppedBy) {
        public Result {
            levels = List.copyOf(levels);
        }
    }

    /** Runs the search. */
    public Result run() throws InterruptedException {
        List<CapacityLevel> levels = new ArrayList<>();
        Double held = null;
        LevelMeasurement heldAt = null;
        Double failed = null;
        LevelMeasurement breaking = null;
        // why the injector was at its limit at the rate that did not hold; null when the app broke there
        String injectorAtFailed = null;
        double rate = firstRate;
        try {
            // the stepped ramp
            while (true) {
                Judged j = level(levels, "ramp", rate);
                if (!j.held() && j.injector().isEmpty() && settings.recheck()) {
                    j = level(levels, "ramp", rate);
                }
                if (j.injector().isPresent() && held == null) {
                    // the injector cannot send the first rate (a ramp started high): step down below, never a
                    // lower bound of nothing
                    failed = rate;
                    breaking = j.m();
                    injectorAtFailed = j.injector().get();
                    break;
                }
                if (j.injector().isPresent()) {
                    return injectorBound(levels, held, heldAt, j.m(), j.injector().get());
                }
                if (j.held()) {
                    held = rate;
                    heldAt = j.m();
                    if (rate >= settings.maxRate()) {
                        break;
                    }
                    rate = settings.next(rate);
                } else {
                    failed = rate;
                    breaking = j.m();
                    break;
                }
            }
            // the first level did not hold: step down (halving, without a second run each) until one holds
            while (held == null) {
                double lower = round(rate / 2);
                if (lower < floor()) {
                    return new Result(new Capacity(0, 0, slo, false, true), levels, breaking, null);
                }
                Judged j = level(levels, "ramp", lower);
                if (j.held()) {
                    held = lower;
                    heldAt = j.m();
                } else {
                    failed = lower;
                    breaking = j.m();
                    injectorAtFailed = j.injector().orElse(null);
                    rate = lower;
                }
            }
            if (failed == null) {
                // held at the highest rate asked for: the capacity is at least that
                return new Result(new Capacity(held, heldAt.achievedRps(), slo, false, false, true), levels, null,
                        "held at the highest rate tried (" + format(held) + " visitors/s)");
            }
            // the bisection
            double lo = held;
            LevelMeasurement loAt = heldAt;
            double hi = failed;
            while (hi - lo > gap(lo)) {
                double mid = round((lo + hi) / 2);
                if (mid <= lo || mid >= hi) {
                    break;
                }
                Judged j = level(levels, "bisect", mid);
                if (j.injector().isPresent()) {
                    return injectorBound(levels, lo, null, j.m(), j.injector().get());
                }
                if (j.held()) {
                    lo = mid;
                    loAt = j.m();
                } else {
                    hi = mid;
                    if (injectorAtFailed != null) {
                        // the app broke below the injector's limit: that is the breaking level
                        breaking = j.m();
                        injectorAtFailed = null;
                    }
                }
            }
            // when the only rate that did not hold was one the injector could not send, the app never broke: what
            // held is a lower bound
            boolean bound = injectorAtFailed != null;
            String boundWhy = bound ? injectorStop(failed, injectorAtFailed) : null;
            if (!settings.recheck()) {
                // a quick look: the highest rate that held, unconfirmed
                return new Result(new Capacity(lo, loAt.achievedRps(), slo, bound, false), levels, breaking, boundWhy);
            }
            // the confirmation, stepping down by the last gap when it fails
            double step = Math.max(settings.minStep(), hi - lo);
            double confirm = lo;
            for (int i = 0; i <= settings.confirmations(); i++) {
                Judged j = level(levels, "confirm", confirm);
                if (j.injector().isPresent()) {
                    return injectorBound(levels, lo, null, j.m(), j.injector().get());
                }
                if (j.held()) {
                    return new Result(new Capacity(confirm, j.m().achievedRps(), slo, bound, false), levels, breaking,
                            boundWhy);
                }
                // never more than half the rate: at a fraction of a visitor per second the minimum step is too coarse
                double lower = round(confirm - Math.min(step, confirm / 2));
                if (lower <= 0) {
                    break;
                }
                confirm = lower;
            }
            // no confirmation held: the capacity is below the last rate confirmed
            return new Result(new Capacity(confirm, 0, slo, false, true), levels, breaking,
                    "no confirmation held down to " + format(confirm) + " visitors/s");
        } catch (LevelRunner.LevelException e) {
            Capacity c = held == null ? new Capacity(0, 0, slo, false, true)
                    : new Capacity(held, heldAt == null ? 0 : heldAt.achievedRps(), slo, false, false);
            return new Result(c, levels, breaking, "a level could not run: " + e.getMessage());
        }
    }

    private Result injectorBound(List<CapacityLevel> levels, Double held, LevelMeasurement heldAt, LevelMeasurement at,
                                 String why) {
        double rate = held == null ? 0 : held;
        double rps = heldAt != null ? heldAt.achievedRps() : achievedAt(levels, rate);
        return new Result(new Capacity(rate, rps, slo, true, false), levels, at,
                injectorStop(at.offeredVisitorsPerSec(), why));
    }

    /** Why a search stopped at the injector: "the injector reached its limit at 64 visitors/s: it started …". */
    private static String injectorStop(double rate, String why) {
        return "the injector reached its limit at " + format(rate) + " visitors/s: " + why;
    }

    private static double achievedAt(List<CapacityLevel> levels, double rate) {
        return levels.stream().filter(l -> l.held() && l.offeredVisitorsPerSec() == rate)
                .mapToDouble(CapacityLevel::achievedRps).max().orElse(0);
    }

    /** The lowest rate the search steps down to when its first level does not hold: an eighth of the start. */
    private double floor() {
        return Math.max(0.05, settings.startRate() / 8);
    }

    private double gap(double lo) {
        return Math.max(settings.minStep(), settings.resolution() * lo);
    }

    private Judged level(List<CapacityLevel> levels, String phase, double rate)
            throws LevelRunner.LevelException, InterruptedException {
        LevelMeasurement m = runner.run(phase, rate);
        List<String> broke = holds(m);
        Optional<String> injector = injectorLimit(m, slo);
        String reason = broke.isEmpty() ? null : String.join(", ", broke);
        if (injector.isPresent()) {
            reason = reason == null ? "injector at its limit: " + injector.get()
                    : reason + "; injector at its limit: " + injector.get();
        }
        CapacityLevel level = new CapacityLevel(phase, m.offeredVisitorsPerSec(), m.offeredRps(), m.achievedRps(),
                m.latencyMs(), m.requests(), m.ko(), broke.isEmpty() && injector.isEmpty(), reason, m.cpuCores(),
                m.dbConnections(), m.injectorLagMs());
        levels.add(level);
        progress.accept(level);
        return new Judged(m, broke.isEmpty() && injector.isEmpty(), injector);
    }

    /** A level and how it was judged. */
    private record Judged(LevelMeasurement m, boolean held, Optional<String> injector) {
    }

    /** Why a level did not hold the SLO, in words; empty when it held. */
    public List<String> holds(LevelMeasurement m) {
        return broke(m, slo);
    }

    /** Why a level did not hold {@code slo}, in words; empty when it held. */
    public static List<String> broke(LevelMeasurement m, Slo slo) {
        List<String> broke = new ArrayList<>();
        if (m.requests() == 0 || m.latencyMs() == null) {
            broke.add("no request completed");
            return broke;
        }
        if (m.latencyMs().p95() > slo.p95Ms()) {
            broke.add("p95 " + format(m.latencyMs().p95()) + " ms > " + format(slo.p95Ms()) + " ms");
        }
        if (m.errorRate() > slo.maxErrorRate()) {
            broke.add("errors " + percent(m.errorRate()) + " % > " + percent(slo.maxErrorRate()) + " %");
        }
        // a handful of requests (a fraction of a visitor per second over a short level) cannot judge a ratio
        if (m.requests() >= MIN_REQUESTS_FOR_THROUGHPUT && m.offeredRps() > 0
                && m.achievedRps() < slo.minThroughputFraction() * m.offeredRps()) {
            broke.add("throughput " + format(m.achievedRps()) + " of " + format(m.offeredRps()) + " requests/s offered ("
                    + percent(m.achievedRps() / m.offeredRps()) + " % < " + percent(slo.minThroughputFraction()) + " %)");
        }
        return broke;
    }

    /**
     * Whether the injector was at its own limit in a level, in words: it started fewer visitors than scheduled, started
     * them late against its schedule, or took at least its share of a saturated machine's cores (its share: the cores over the busy
     * processes). A level that held under such an injector says only that the app carried what the injector could
     * send.
     */
    public static Optional<String> injectorLimit(LevelMeasurement m, Slo slo) {
        if (m.injectorSentFraction() < MIN_SENT_FRACTION) {
            return Optional.of("it started " + percent(m.injectorSentFraction()) + " % of the scheduled visitors");
        }
        double lagLimit = Math.max(MAX_INJECTOR_LAG_MS, LAG_SHARE_OF_SLO * slo.p95Ms());
        if (m.injectorLagMs() != null && m.injectorLagMs() > lagLimit && !brokeDespiteLag(m, slo)) {
            return Optional.of("it started visitors " + format(Math.round(m.injectorLagMs())) + " ms late (p95, more"
                    + " than " + format(lagLimit) + " ms)");
        }
        Double injector = m.cpuCores().get("injector");
        if (injector != null && m.hostCores() != null && m.hostCores() >= SATURATED * m.cores()) {
            long busy = m.cpuCores().values().stream().filter(c -> c >= 0.05).count();
            double share = m.cores() / (double) Math.max(1, busy);
            if (injector >= SATURATED * share) {
                return Optional.of(String.format(Locale.ROOT, "it used %.2f cores, its share of %d on a saturated "
                        + "machine (%.0f %% busy)", injector, m.cores(), 100 * m.hostCores() / m.cores()));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a level broke the SLO by the app's doing however late the injector was: its errors (refused connections,
     * 5xx) are the app's own answers, which a late injector, sending a gentler load than scheduled, cannot have caused;
     * and a p95 above the SLO by more than the injector's lateness is slow on the app's side even if every response
     * was read that late. (On a machine the app saturates, the injector's lateness follows the app's: that is the
     * app breaking, not the injector's limit.)
     */
    static boolean brokeDespiteLag(LevelMeasurement m, Slo slo) {
        if (m.requests() > 0 && m.errorRate() > slo.maxErrorRate()) {
            return true;
        }
        double lag = m.injectorLagMs() == null ? 0 : m.injectorLagMs();
        return m.latencyMs() != null && m.latencyMs().p95() - lag > slo.p95Ms();
    }

    /** A rate rounded to two decimals below 10 visitors/s, one above. */
    static double round(double rate) {
        return rate < 10 ? Math.round(rate * 100) / 100.0 : Math.round(rate * 10) / 10.0;
    }

    /** 4, 4.5, 0.25, 812 — two decimals below 10, one above, no trailing zeros. */
    public static String format(double v) {
        double r = round(v);
        String s = String.format(Locale.ROOT, "%.2f", r);
        return s.replaceFirst("\\.?0+$", "");
    }

    static String percent(double fraction) {
        return format(fraction * 100);
    }
}
