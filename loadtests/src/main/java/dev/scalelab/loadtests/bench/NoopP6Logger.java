package dev.scalelab.loadtests.bench;

import com.p6spy.engine.logging.Category;
import com.p6spy.engine.spy.appender.FormattedLogger;

/** A p6spy appender that formats every statement like the file appender, then drops it. */
public final class NoopP6Logger extends FormattedLogger {
    @Override
    public void logException(Exception e) {
    }

    @Override
    public void logText(String text) {
    }

    @Override
    public boolean isCategoryEnabled(Category category) {
        return true;
    }
}
