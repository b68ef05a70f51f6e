package dev.scalelab.reports.compare;

import dev.scalelab.reports.model.Bottleneck;
import dev.scalelab.reports.model.Capacity;
import dev.scalelab.reports.model.CapacityLevel;
import dev.scalelab.reports.model.Slo;
import dev.scalelab.reports.model.StepResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The capacity of one step as the report shows it: the run with the median capacity (its levels and bottleneck
 * belong to it, so they always agree with the figure shown).
 *
 * @param step  the step's name
 * @param index the step's 1-based position in the ladder
 * @param run   the run whose capacity is the (lower) median of the step's runs with a capacity search
 * @param runs  how many runs of the step searched a capacity
 */
public record StepCapacity(String step, int index, StepResult run, int runs) {

    /** The steps of the ladder that searched a capacity, in ladder order; empty for a fixed-rate run. */
    public static List<StepCapacity> of(LadderComparison ladder) {
        List<StepCapacity> out = new ArrayList<>();
        int index = 0;
        for (StepRow row : ladder.rows()) {
            index++;
            List<StepResult> searched = row.runs().stream().filter(r -> r.capacity() != null)
                    .sorted(Comparator.comparingDouble((StepResult r) -> r.capacity().visitorsPerSec())
                            .thenComparingInt(StepResult::repeat))
                    .toList();
            if (!searched.isEmpty()) {
                out.add(new StepCapacity(row.name(), index, searched.get((searched.size() - 1) / 2),
                        searched.size()));
            }
        }
        return out;
    }

    public Capacity capacity() {
        return run.capacity();
    }

    public Slo slo() {
        return run.capacity().slo();
    }

    /** The levels in the order they ran. */
    public List<CapacityLevel> levels() {
        return run.levels();
    }

    /** The levels by offered rate (a stable order for the curve of latency against throughput). */
    public List<CapacityLevel> levelsByOfferedRate() {
        return run.levels().stream().sorted(Comparator.comparingDouble(CapacityLevel::offeredVisitorsPerSec))
                .toList();
    }

    /** What broke first; null when no level broke. */
    public Bottleneck bottleneck() {
        return run.bottleneck();
    }

    /**
     * The rate the bar is drawn to: the capacity, or for a step where no level held the first level's rate (the
     * capacity lies below it); 0 when that is unknown.
     */
    public double barVisitorsPerSec() {
        Capacity c = capacity();
        if (c.atMost() && c.visitorsPerSec() == 0) {
            return run.levels().stream().mapToDouble(CapacityLevel::offeredVisitorsPerSec).filter(v -> v > 0).min()
                    .orElse(0);
        }
        return c.visitorsPerSec();
    }

    /** The capacity with its bound: "12 visitors/s", "≥ 12 visitors/s (injector-bound)", "< 2 visitors/s". */
    public String visitorsText() {
        Capacity c = capacity();
        if (c.atMost()) {
            double bound = barVisitorsPerSec();
            return bound > 0 ? "< " + Format.number(bound) + " visitors/s" : "below the first level";
        }
        return (c.atLeast() ? "\u2265 " : "") + Format.number(c.visitorsPerSec()) + " visitors/s"
                + (c.atLeast() ? " (" + c.boundLabel() + ")" : "");
    }

    /** Requests per second at the capacity: "54 req/s", "≥ 54 req/s"; "—" when no level held. */
    public String requestsText() {
        Capacity c = capacity();
        if (c.atMost() && c.requestsPerSec() == 0) {
            return "\u2014";
        }
        return (c.atLeast() ? "\u2265 " : c.atMost() ? "< " : "") + Format.number(c.requestsPerSec())
                + " req/s";
    }

    /** The bar's label: "12 · 54 req/s", "≥ 12 · 54 req/s (injector-bound)", "< 2". */
    public String barLabel() {
        Capacity c = capacity();
        if (c.atMost()) {
            double bound = barVisitorsPerSec();
            return bound > 0 ? "< " + Format.number(bound) : "below first level";
        }
        String label = (c.atLeast() ? "\u2265 " : "") + Format.number(c.visitorsPerSec()) + " \u00b7 "
                + Format.number(c.requestsPerSec()) + " req/s";
        return c.atLeast() ? label + " (" + c.boundLabel() + ")" : label;
    }

    /** What the bound means, one sentence; empty for an exact capacity. */
    public String boundNote() {
        Capacity c = capacity();
        if (c.injectorBound()) {
            return "The injector on this machine reached its own limit first: the app carries at least this much.";
        }
        if (c.heldMaxRate()) {
            return "The highest rate the search tries held the SLO: the app carries at least this much.";
        }
        if (c.atMost()) {
            return "Not even the first level held the SLO: the capacity lies below it.";
        }
        return "";
    }

    /**
     * The SLO of the capacity steps in words: "p95 ≤ 500 ms, errors ≤ 1 %, throughput ≥ 95 % of the offered rate";
     * when steps were held to different SLOs, each with its steps.
     */
    public static String sloText(List<StepCapacity> steps) {
        java.util.Map<Slo, List<String>> bySlo = new java.util.LinkedHashMap<>();
        steps.forEach(s -> bySlo.computeIfAbsent(s.slo(), k -> new ArrayList<>()).add(s.step()));
        if (bySlo.size() == 1) {
            return describe(bySlo.keySet().iterator().next());
        }
        List<String> parts = new ArrayList<>();
        bySlo.forEach((slo, names) -> parts.add(describe(slo) + " (" + String.join(", ", names) + ")"));
        return String.join("; ", parts);
    }

    private static String describe(Slo slo) {
        return slo.describe() + ", throughput \u2265 " + Format.fractionAsPercent(slo.minThroughputFraction())
                + " of the offered rate";
    }

    /**
     * From the first step with a capacity to the last, with the ratio when there is one: "From naive to scale-out:
     * 4.5 visitors/s → ≥ 120 visitors/s (injector-bound), ×26.7 or more."; empty with fewer than two steps.
     */
    public static String rise(List<StepCapacity> steps) {
        if (steps.size() < 2) {
            return "";
        }
        StepCapacity first = steps.get(0);
        StepCapacity last = steps.get(steps.size() - 1);
        String text = "From " + first.step() + " to " + last.step() + ": " + first.visitorsText() + " \u2192 "
                + last.visitorsText();
        Double ratio = last.ratioFrom(first);
        return ratio == null ? text + "." : text + ", \u00d7" + Format.number(ratio)
                + (last.capacity().atLeast() ? " or more" : "") + ".";
    }

    /**
     * The change of capacity from {@code before} to this step, for the verdict: "capacity 4.5 visitors/s → 30
     * visitors/s, ×6.7", "capacity 80 visitors/s → ≥ 120 visitors/s (injector-bound), ×1.5 or more"; without the
     * ratio when a bound leaves it unknown.
     */
    public String changeFrom(StepCapacity before) {
        String text = "capacity " + before.visitorsText() + " \u2192 " + visitorsText();
        Double ratio = ratioFrom(before);
        return ratio == null ? text : text + ", \u00d7" + Format.number(ratio)
                + (capacity().atLeast() ? " or more" : "");
    }

    /**
     * This step's capacity over {@code before}'s; null when a bound leaves it unknown (a step where no level held,
     * or an injector-bound step before). An injector-bound step after gives a lower bound of the ratio.
     */
    public Double ratioFrom(StepCapacity before) {
        Capacity b = before.capacity();
        Capacity a = capacity();
        if (b.atMost() || b.atLeast() || b.visitorsPerSec() == 0 || a.atMost()) {
            return null;
        }
        return a.visitorsPerSec() / b.visitorsPerSec();
    }

    /** "median of 3 runs" when the step ran more than once, else empty. */
    public String runsNote() {
        return runs > 1 ? "run " + run.repeat() + ", the median of " + runs + " runs" : "";
    }
}
