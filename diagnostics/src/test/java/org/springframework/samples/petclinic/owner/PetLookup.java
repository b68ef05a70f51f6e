package org.springframework.samples.petclinic.owner;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Application code whose package is under a framework prefix ({@code org.springframework.}), as in
 * Spring's own sample apps: its frames are framework frames unless the application packages name it.
 */
public final class PetLookup {
    private final DataSource ds;

    public PetLookup(DataSource ds) {
        this.ds = ds;
    }

    /** One lookup per id: an N+1. */
    public List<String> namesOneByOne(int n) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            for (long id = 1; id <= n; id++) {
                try (PreparedStatement ps = c.prepareStatement("select name from pet where id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        out.add(rs.next() ? rs.getString(1) : null);
                    }
                }
            }
        }
        return out;
    }
}
