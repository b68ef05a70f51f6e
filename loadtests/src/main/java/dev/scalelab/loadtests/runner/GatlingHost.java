package dev.scalelab.loadtests.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The main class of a resident Gatling JVM ({@link ResidentInjector}): it runs one simulation after the other in
 * the same JVM, so a ladder boots Gatling once instead of once per step, and later steps are measured by a warm
 * injector. Each line on standard input names a run file (Java properties: {@code prop.NAME} for the run's system
 * properties, {@code arg.N} for Gatling's arguments); the run's system properties replace the previous run's, then
 * Gatling runs, then {@link #ENDED} and the exit code are printed on standard output. Standard error goes to
 * standard output too, so the lines of a run arrive in order, before its end line. The JVM exits when standard input
 * closes.
 */
public final class GatlingHost {

    /** Printed after each run, followed by Gatling's exit code (non-zero when the run threw). */
    public static final String ENDED = "scalelab-host: ended ";
    static final String PROPERTY = "prop.";
    static final String ARGUMENT = "arg.";

    private GatlingHost() {
    }

    public static void main(String[] args) throws IOException {
        System.setErr(System.out);
        Set<String> previous = new HashSet<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            int exit;
            try {
                Run run = Run.read(Path.of(line.strip()));
                previous.forEach(System::clearProperty);
                previous = run.properties().keySet();
                run.properties().forEach(System::setProperty);
                exit = io.gatling.app.Gatling$.MODULE$.fromArgs(run.arguments().toArray(String[]::new));
            } catch (Throwable e) {
                // a simulation that refuses to start throws out of Gatling; its own line says why
                System.out.println("scalelab-host: the run ended with " + e);
                exit = 1;
            }
            System.out.println(ENDED + exit);
            System.out.flush();
        }
    }

    /** One run: its system properties and Gatling's arguments. */
    record Run(Map<String, String> properties, List<String> arguments) {

        static Run read(Path file) throws IOException {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            Map<String, String> properties = new java.util.LinkedHashMap<>();
            List<String> arguments = new ArrayList<>();
            for (int i = 0; p.containsKey(ARGUMENT + i); i++) {
                arguments.add(p.getProperty(ARGUMENT + i));
            }
            for (String name : p.stringPropertyNames()) {
                if (name.startsWith(PROPERTY)) {
                    properties.put(name.substring(PROPERTY.length()), p.getProperty(name));
                }
            }
            return new Run(properties, arguments);
        }

        void write(Path file) throws IOException {
            Properties p = new Properties();
            properties.forEach((k, v) -> p.setProperty(PROPERTY + k, v));
            for (int i = 0; i < arguments.size(); i++) {
                p.setProperty(ARGUMENT + i, arguments.get(i));
            }
            Path part = file.resolveSibling(file.getFileName() + ".part");
            try (var w = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
                p.store(w, "one run of a resident Gatling JVM");
            }
            Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
