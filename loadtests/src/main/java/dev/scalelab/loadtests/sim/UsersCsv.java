package dev.scalelab.loadtests.sim;

import dev.scalelab.loadtests.workload.Csv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the users CSV: a header naming the columns {@code id,email,password,name} (any order,
 * extra columns ignored), RFC 4180 quoting, UTF-8.
 */
public final class UsersCsv {

    private UsersCsv() {
    }

    /** @throws IllegalArgumentException naming the file and line when it cannot be used */
    public static List<SeededUser> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read users CSV " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("users CSV " + file + " is empty; expected a header id,email,password,name");
        }
        List<String> header = fields(lines.get(0));
        int id = column(header, "id", file);
        int email = column(header, "email", file);
        int password = column(header, "password", file);
        int name = column(header, "name", file);
        List<SeededUser> users = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            List<String> f = fields(line);
            try {
                users.add(new SeededUser(Long.parseLong(f.get(id).strip()), f.get(email), f.get(password), f.get(name)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("users CSV " + file + " line " + (i + 1) + " is not id,email,password,name: "
                        + line, e);
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("users CSV " + file + " has a header but no users");
        }
        return List.copyOf(users);
    }

    private static int column(List<String> header, String name, Path file) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().toLowerCase(Locale.ROOT).equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("users CSV " + file + " has no column '" + name
                + "' in its header " + header + "; expected id,email,password,name");
    }

    static List<String> fields(String line) {
        return Csv.fields(line);
    }
}
