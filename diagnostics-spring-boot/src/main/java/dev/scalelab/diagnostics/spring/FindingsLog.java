package dev.scalelab.diagnostics.spring;

import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.UnitReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs each unit's findings when it ends, one line per finding with its call site and hint, e.g.
 * {@code scalelab: GET /owners: N+1: 10 × select … from pet p1_0 where p1_0.owner_id=? at
 * com.example.vetclinic.owners.OwnerDirectory.rows(OwnerDirectory.java:31) (1.203 ms) — fetch …}.
 * The logger is {@code dev.scalelab.diagnostics}, the level {@code scalelab.diagnostics.findings-log-level}.
 */
public final class FindingsLog {
    static final String LOGGER = "dev.scalelab.diagnostics";
    private final Log log = LogFactory.getLog(LOGGER);
    private final DiagnosticsProperties.LogLevel level;

    public FindingsLog(DiagnosticsProperties.LogLevel level) {
        this.level = level;
    }

    /** Logs the report's findings, if any, at the configured level. */
    public void log(UnitReport report) {
        if (report.findings().isEmpty() || !enabled()) {
            return;
        }
        for (Finding finding : report.findings()) {
            write("scalelab: " + finding.message());
        }
    }

    private boolean enabled() {
        return switch (level) {
            case OFF -> false;
            case DEBUG -> log.isDebugEnabled();
            case INFO -> log.isInfoEnabled();
            case WARN -> log.isWarnEnabled();
            case ERROR -> log.isErrorEnabled();
        };
    }

    private void write(String line) {
        switch (level) {
            case DEBUG -> log.debug(line);
            case INFO -> log.info(line);
            case WARN -> log.warn(line);
            case ERROR -> log.error(line);
            case OFF -> {
            }
        }
    }
}
