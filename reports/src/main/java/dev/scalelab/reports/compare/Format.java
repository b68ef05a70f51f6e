package dev.scalelab.reports.compare;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Number formats of the report: thousands separators, few decimals, a true minus sign. */
public final class Format {
    /** U+2212, the minus sign (a hyphen looks wrong next to numbers). */
    public static final String MINUS = "\u2212";

    private Format() {
    }

    /** 0 → "0", 0.053 → "0.05", 4.25 → "4.3", 42.0 → "42", 1292.4 → "1,292". */
    public static String number(double v) {
        double a = Math.abs(v);
        String s;
        if (a == 0) {
            s = "0";
        } else if (a < 1) {
            s = decimals(v, 2);
        } else if (a < 100) {
            s = decimals(v, 1);
        } else {
            s = decimals(v, 0);
        }
        return s.replace("-", MINUS);
    }

    /** A fraction as percent: 0.004 → "0.4 %", 0.93 → "93 %", 0.9987 → "99.9 %", 1 → "100 %". */
    public static String fractionAsPercent(double fraction) {
        return percent(fraction * 100);
    }

    /** A value already in percent: 3.25 → "3.3 %", 143.2 → "143 %". */
    public static String percent(double pct) {
        double a = Math.abs(pct);
        int places = a == 0 ? 0 : a < 10 || (a > 99 && a < 100) ? 1 : 0;
        return (decimals(pct, places) + " %").replace("-", MINUS);
    }

    /** A relative change of medians: "−87 %", "+4.2 %", "×12" for a tenfold rise or more, "+3 (was 0)". */
    public static String relativeChange(double before, double after) {
        if (before == after) {
            return "\u00b10 %";
        }
        if (before == 0) {
            return "+" + number(after) + " (was 0)";
        }
        double ratio = after / before;
        if (ratio >= 10) {
            return "\u00d7" + number(ratio);
        }
        double pct = (ratio - 1) * 100;
        double a = Math.abs(pct);
        int places = a < 10 || (a > 99 && a < 100) ? 1 : 0;
        String s = decimals(pct, places);
        if (s.equals("0") || s.equals("-0")) {
            s = decimals(pct, 2);
        }
        return (pct > 0 ? "+" : "") + s.replace("-", MINUS) + " %";
    }

    /** A change of a fraction in percentage points: 0.004 → 0.93 gives "+92.6 pp". */
    public static String pointsChange(double beforeFraction, double afterFraction) {
        double pp = (afterFraction - beforeFraction) * 100;
        if (pp == 0) {
            return "\u00b10 pp";
        }
        String s = decimals(pp, Math.abs(pp) < 10 ? 1 : 0);
        return (pp > 0 ? "+" : "") + s.replace("-", MINUS) + " pp";
    }

    /** A difference of counts: "+37", "−12". */
    public static String countChange(double before, double after) {
        double d = after - before;
        if (d == 0) {
            return "\u00b10";
        }
        return (d > 0 ? "+" : "") + number(d);
    }

    private static String decimals(double v, int places) {
        BigDecimal rounded = BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).stripTrailingZeros();
        DecimalFormat f = new DecimalFormat("#,##0.##########", DecimalFormatSymbols.getInstance(Locale.US));
        String s = f.format(rounded);
        return s.equals("-0") ? "0" : s;
    }
}
