package dev.scalelab.diagnostics.spring;

import dev.scalelab.diagnostics.Diagnostics;

import java.util.List;

/**
 * The one place where the starter's properties become a {@link Diagnostics.Builder}. Settings the
 * library does not have yet are mapped to the nearest one it has.
 */
final class DiagnosticsSettings {
    private DiagnosticsSettings() {
    }

    static Diagnostics build(DiagnosticsProperties properties, List<String> appPackages) {
        Diagnostics.Builder builder = Diagnostics.builder()
                .threshold(properties.threshold())
                .includeParameters(properties.includeParameters())
                .captureStacks(properties.stacks() != DiagnosticsProperties.Stacks.OFF);
        if (!appPackages.isEmpty()) {
            builder.appPackages(appPackages);
        }
        if (properties.traceFile() != null) {
            builder.trace(properties.traceFile());
        }
        // stacks=sampled: exact stacks until the library has a sampled mode.
        return builder.build();
    }
}
