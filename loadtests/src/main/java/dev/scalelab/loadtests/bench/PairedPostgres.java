package dev.scalelab.loadtests.bench;

import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * {@code SELECT 1} on loopback PostgreSQL through each path, in paired rounds: every round runs a batch of statements
 * through every path, in a shuffled order, and compares each path with the raw driver of the same round. A loopback
 * round trip drifts by tens of percent over minutes on a shared machine, far more than the recorder adds; JMH measures
 * one path after the other, so its comparison carries the drift, while the per-round ratio cancels it.
 */
public final class PairedPostgres {

    /** One path's result: its median time per statement and its median ratio to the raw driver, with quartiles. */
    public record PathResult(String via, double medianMicros, double medianRatio, double lowerQuartileRatio,
                             double upperQuartileRatio) {
    }

    private PairedPostgres() {
    }

    /**
     * @param shape              {@code request} (units of four different statements) or {@code loop} (one statement
     *                           repeated in a unit)
     * @param rounds             measured rounds (after {@code rounds / 5 + 1} warm-up rounds)
     * @param statementsPerRound statements per path per round
     */
    public static List<PathResult> run(String url, List<String> vias, String shape, int rounds, int statementsPerRound,
                                       Consumer<String> progress) throws SQLException {
        if (!vias.contains("raw")) {
            throw new IllegalArgumentException("vias: the raw driver is the reference, include \"raw\"");
        }
        Map<String, Via.Path> paths = new LinkedHashMap<>();
        Map<String, Connection> connections = new LinkedHashMap<>();
        try {
            for (String via : vias) {
                PGSimpleDataSource pg = new PGSimpleDataSource();
                pg.setURL(url);
                Via.Path path = Via.of(via, pg);
                paths.put(via, path);
                connections.put(via, path.dataSource.getConnection());
            }
            int warmUp = rounds / 5 + 1;
            Map<String, double[]> micros = new LinkedHashMap<>();
            vias.forEach(v -> micros.put(v, new double[rounds]));
            List<String> order = new ArrayList<>(vias);
            Random random = new Random(1292);
            for (int round = -warmUp; round < rounds; round++) {
                Collections.shuffle(order, random);
                for (String via : order) {
                    double us = batch(paths.get(via), connections.get(via), shape, statementsPerRound);
                    if (round >= 0) {
                        micros.get(via)[round] = us;
                    }
                }
                if (round >= 0 && (round + 1) % Math.max(1, rounds / 5) == 0) {
                    progress.accept(String.format(java.util.Locale.ROOT, "SELECT 1 paired rounds, %s units: %d of %d",
                            shape, round + 1, rounds));
                }
            }
            List<PathResult> out = new ArrayList<>();
            double[] raw = micros.get("raw");
            for (String via : vias) {
                double[] mine = micros.get(via);
                double[] ratios = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratios[r] = mine[r] / raw[r];
                }
                out.add(new PathResult(via, quantile(mine, 0.5), quantile(ratios, 0.5), quantile(ratios, 0.25),
                        quantile(ratios, 0.75)));
            }
            return out;
        } finally {
            for (Connection c : connections.values()) {
                c.close();
            }
        }
    }

    /** Mean µs per statement of one batch through one path, in its own unit(s). */
    private static double batch(Via.Path path, Connection c, String shape, int n) throws SQLException {
        path.openUnit();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                try (PreparedStatement ps = c.prepareStatement(path.nextSql(shape, RecorderPostgresBench.PAGE));
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            return (System.nanoTime() - t0) / 1e3 / n;
        } finally {
            path.closeUnit();
        }
    }

    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
