package dev.scalelab.loadtests.bench;

import com.p6spy.engine.spy.P6DataSource;
import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.StackMode;
import dev.scalelab.diagnostics.UnitScope;

import javax.sql.DataSource;

/** The paths a statement can take to the driver. */
final class Via {
    private Via() {
    }

    /** What a benchmark state holds: the data source and, for the recorder, the open unit. */
    static final class Path {
        final DataSource dataSource;
        final Diagnostics diagnostics;
        UnitScope unit;
        private int next;

        Path(DataSource dataSource, Diagnostics diagnostics) {
            this.dataSource = dataSource;
            this.diagnostics = diagnostics;
        }

        /** Opens a unit (recorder paths): statements are recorded and analysed, as in a request. */
        void openUnit() {
            next = 0;
            if (diagnostics != null) {
                unit = diagnostics.open("bench");
            }
        }

        /**
         * The SQL of the next statement. {@code loop}: always the first of {@code page}, one unit for the whole
         * iteration. {@code request}: the statements of {@code page} in turn, a new unit after the last, as pages
         * that load what they need with a few different queries.
         */
        String nextSql(String shape, String[] page) {
            if (shape.equals("loop")) {
                return page[0];
            }
            if (next == page.length) {
                closeUnit();
                openUnit();
            }
            return page[next++];
        }

        void closeUnit() {
            if (unit != null) {
                unit.end();
                unit = null;
            }
        }
    }

    static Path of(String via, DataSource driver) {
        return switch (via) {
            case "raw" -> new Path(driver, null);
            case "dsproxy" -> new Path(net.ttddyy.dsproxy.support.ProxyDataSourceBuilder.create(driver).build(), null);
            case "recorder" -> recorder(driver, StackMode.OFF);
            case "recorderStacks" -> recorder(driver, StackMode.EXACT);
            case "recorderSampled" -> recorder(driver, StackMode.SAMPLED);
            case "p6spy" -> p6spy(driver);
            default -> throw new IllegalArgumentException("via: expected raw, dsproxy, recorder, recorderStacks,"
                    + " recorderSampled or p6spy, found " + via);
        };
    }

    /**
     * p6spy as the benchmarks measure it: statements formatted like its file appender, then dropped
     * ({@link NoopP6Logger}), no JMX. Set before its first use, since it reads its options once; without them it
     * appends every statement to {@code spy.log} in the working folder.
     */
    private static Path p6spy(DataSource driver) {
        System.setProperty("p6spy.config.appender", NoopP6Logger.class.getName());
        System.setProperty("p6spy.config.jmxEnabled", "false");
        return new Path(new P6DataSource(driver), null);
    }

    /** The recorder with its defaults but for the stack mode (sampled: its default sampling). */
    private static Path recorder(DataSource driver, StackMode stacks) {
        Diagnostics d = Diagnostics.builder().stacks(stacks).build();
        return new Path(d.wrap(driver), d);
    }
}
