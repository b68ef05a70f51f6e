package dev.scalelab.diagnostics.spring;

import dev.scalelab.diagnostics.Diagnostics;

import java.util.List;

/** The one place where the starter's properties become a {@link Diagnostics.Builder}. */
final class DiagnosticsSettings {
    private DiagnosticsSettings() {
    }

    static Diagnostics build(DiagnosticsProperties properties, List<String> appPackages) {
        Diagnostics.Builder builder = Diagnostics.builder()
                .threshold(properties.threshold())
                .includeParameters(properties.includeParameters())
                .stacks(properties.stacks());
        if (!appPackages.isEmpty()) {
            builder.appPackages(appPackages);
        }
        if (properties.traceFile() != null) {
            builder.trace(properties.traceFile());
        }
        return builder.build();
    }
}
