package dev.scalelab.cli.ladder;

import dev.scalelab.loadtests.record.ClientResults;
import dev.scalelab.reports.model.ErrorCount;
import dev.scalelab.reports.model.RouteStats;
import dev.scalelab.reports.model.StepResult;
import dev.scalelab.reports.model.StepStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Whether a measured step met its limits. A step FAILS when identity leaks were seen, when more of its requests
 * failed than its error-rate limit allows ({@link Ladder.Step#maxErrorRate()}, 1 % by default), when a route ran
 * more statements per request than its limit ({@link Ladder.Step#maxStatementsPerRequest()}, none by default), or when
 * no request of its measurement completed; a step whose requests mostly fail never PASSES. The reason names the top errors with
 * their counts. ERROR and SKIPPED steps keep their status. Every step also carries what its ladder expects, so the
 * line, the report and summary.json can say "FAILED (expected)".
 */
final class StepVerdict {
    /** The error rate above which a step fails when its ladder names no {@code maxErrorRate}. */
    static final double DEFAULT_MAX_ERROR_RATE = 0.01;
    /** The highest limit a ladder may set: a step whose requests mostly fail never PASSES. */
    static final double HIGHEST_MAX_ERROR_RATE = 0.5;
    /** How many kinds of errors the reason names. */
    static final int TOP_ERRORS = 3;

    private StepVerdict() {
    }

    static StepResult judge(StepResult r, Ladder.Step step) {
        StepResult.Builder b = r.toBuilder().expect(step.expect().orElse(null));
        if (!r.status().hasMeasurements()) {
            return b.build();
        }
        List<String> reasons = new ArrayList<>();
        long leaks = r.identityLeaks() == null ? 0 : r.identityLeaks();
        if (leaks > 0) {
            reasons.add(leaks + " identity leak" + (leaks == 1 ? "" : "s") + ": pages greeted the wrong user");
        }
        if (r.requests() == 0) {
            reasons.add("no request of the measurement completed");
        } else if (r.errorRate() > step.maxErrorRate()) {
            String top = r.errors().stream().limit(TOP_ERRORS).map(ErrorCount::toString)
                    .collect(Collectors.joining(", "));
            reasons.add("error rate " + percent(r.errorRate()) + " above the limit of " + percent(step.maxErrorRate())
                    + " (" + r.ko() + " of " + r.requests() + " requests failed)" + (top.isEmpty() ? "" : ": " + top));
        }
        if (step.maxStatementsPerRequest().isPresent()) {
            int limit = step.maxStatementsPerRequest().getAsInt();
            r.routes().entrySet().stream()
                    .filter(e -> e.getValue().statementsPerRequest() != null && e.getValue().statementsPerRequest() > limit)
                    .sorted(Map.Entry.<String, RouteStats>comparingByValue(
                            Comparator.comparingDouble(RouteStats::statementsPerRequest)).reversed())
                    .forEach(e -> reasons.add(e.getKey() + " ran " + statements(e.getValue().statementsPerRequest())
                            + " statements per request, above the limit of " + limit
                            + " (the step's findings say where they come from)"));
        }
        return reasons.isEmpty() ? b.status(StepStatus.PASSED).statusReason(null).build()
                : b.status(StepStatus.FAILED).statusReason(String.join("; ", reasons)).build();
    }

    /** The kinds of failed requests of the measurement, most frequent first. */
    static List<ErrorCount> errors(ClientResults r) {
        java.util.Map<String, Long> byMessage = new java.util.LinkedHashMap<>();
        for (ClientResults.RouteResult route : r.routes()) {
            for (ClientResults.MessageCount m : route.koMessages()) {
                byMessage.merge(m.message() == null ? "(no message)" : m.message(), m.count(), Long::sum);
            }
        }
        return byMessage.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(10)
                .map(e -> new ErrorCount(e.getKey(), e.getValue()))
                .toList();
    }

    static String statements(double perRequest) {
        return perRequest == Math.rint(perRequest) ? String.format(Locale.ROOT, "%,.0f", perRequest)
                : String.format(Locale.ROOT, "%,.1f", perRequest);
    }

    static String percent(double ratio) {
        double p = ratio * 100;
        return (p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%.1f", p)) + " %";
    }
}
