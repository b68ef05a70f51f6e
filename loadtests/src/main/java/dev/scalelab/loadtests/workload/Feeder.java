package dev.scalelab.loadtests.workload;

import java.util.List;

/**
 * Records a workload's requests draw values from: a CSV file (read and checked when the workload is read), a range
 * of whole numbers or a list, each with an order. Immutable; the draws live in the visit
 * ({@code dev.scalelab.loadtests.sim.WorkloadSimulation}).
 */
public final class Feeder {

    /** How records are drawn. */
    public enum Order {
        /** Seeded: the same seed draws the same records. */
        RANDOM("random"),
        /** In file order, wrapping; shared by all visitors. */
        CIRCULAR("circular"),
        /** The visitor's own record: the n-th visitor takes record n (wrapping), as distinct users signing in need. */
        PER_VISITOR("per-visitor");

        private final String key;

        Order(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static List<String> keys() {
            return java.util.Arrays.stream(values()).map(Order::key).toList();
        }

        static Order of(String key) {
            for (Order o : values()) {
                if (o.key.equals(key)) {
                    return o;
                }
            }
            return null;
        }
    }

    /**
     * A share of the random draws goes to a few records: the last {@code count} (newest articles) or the first.
     *
     * @param share of draws, 0..1; 0 turns it off
     * @param count how many records are popular
     * @param last  the last records (true) or the first
     */
    public record Hot(double share, int count, boolean last) {
        public static final Hot NONE = new Hot(0, 0, true);

        public boolean on() {
            return share > 0 && count > 0;
        }
    }

    private final String name;
    private final List<String> columns;
    private final Order order;
    private final Hot hot;
    private final String[][] rows;
    private final long rangeFrom;
    private final int rangeSize;
    private final String headerHint;

    private Feeder(String name, List<String> columns, Order order, Hot hot, String[][] rows, long rangeFrom,
                   int rangeSize, String headerHint) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.order = order;
        this.hot = hot;
        this.rows = rows;
        this.rangeFrom = rangeFrom;
        this.rangeSize = rangeSize;
        this.headerHint = headerHint;
    }

    /** Rows of a CSV file or a list; {@code headerHint} is appended to a message about a missing column. */
    static Feeder rows(String name, List<String> columns, Order order, Hot hot, List<String[]> rows, String headerHint) {
        return new Feeder(name, columns, order, hot, rows.toArray(String[][]::new), 0, 0, headerHint);
    }

    /** The whole numbers {@code from..to}, one column {@code value}. */
    static Feeder range(String name, long from, long to, Order order, Hot hot) {
        return new Feeder(name, List.of("value"), order, hot, null, from, (int) (to - from + 1), "");
    }

    public String name() {
        return name;
    }

    public List<String> columns() {
        return columns;
    }

    public Order order() {
        return order;
    }

    public Hot hot() {
        return hot;
    }

    /** How many records. */
    public int size() {
        return rows == null ? rangeSize : rows.length;
    }

    /** Column {@code column} of record {@code row} (0-based). */
    public String value(int row, int column) {
        return rows == null ? Long.toString(rangeFrom + row) : rows[row][column];
    }

    /** Index of a column, -1 when none. */
    public int column(String column) {
        return columns.indexOf(column);
    }

    String headerHint() {
        return headerHint;
    }

    @Override
    public String toString() {
        return "feeder " + name + " " + columns + " (" + size() + " records, " + order.key() + ")";
    }
}
