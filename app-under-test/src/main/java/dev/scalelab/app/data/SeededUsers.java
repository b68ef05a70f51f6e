package dev.scalelab.app.data;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Writes the seeded users as CSV {@code id,email,password,name}: the load tests sign in with them. */
public final class SeededUsers {
    private SeededUsers() {
    }

    /** Writes the first {@code limit} users to {@code file} atomically; returns how many were written. */
    public static int writeCsv(Connection c, Path file, int limit) throws SQLException, IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("select id, email, name from app_user order by id limit ?");
             Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            ps.setInt(1, limit);
            w.write("id,email,password,name\n");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    w.write(rs.getLong(1) + "," + csv(rs.getString(2)) + "," + Passwords.SEEDED_PASSWORD + ","
                            + csv(rs.getString(3)) + "\n");
                    n++;
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return n;
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
