package dev.scalelab.diagnostics.junit;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.UnitScope;
import org.junit.jupiter.api.function.Executable;

/** The data size of one run of a {@link QueryComplexity} test, and the part of the body to measure. */
public final class DataSize {
    private final int n;
    private final Diagnostics diagnostics;
    private final String unit;
    private UnitReport report;

    DataSize(int n, Diagnostics diagnostics, String unit) {
        this.n = n;
        this.diagnostics = diagnostics;
        this.unit = unit;
    }

    /** How many rows (articles, orders, …) this run should create. */
    public int n() {
        return n;
    }

    /** Runs {@code block} as the measured unit of this size; statements outside it are not counted. */
    public void measure(Executable block) throws Throwable {
        if (report != null) {
            throw new IllegalStateException("DataSize.measure was called twice in one run; call it once around the "
                    + "code whose statements must not grow with the data");
        }
        UnitScope scope = diagnostics.open(unit + " [n=" + n + "]");
        try {
            block.execute();
        } finally {
            report = scope.end();
        }
    }

    UnitReport report() {
        return report;
    }
}
