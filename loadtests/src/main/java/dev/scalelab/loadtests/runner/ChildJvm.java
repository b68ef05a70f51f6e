package dev.scalelab.loadtests.runner;

import dev.scalelab.loadtests.sim.ScalelabSimulation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of the Gatling JVM and the files it needs, kept in
 * {@code <outputDir>/.injector}: a logging configuration (warnings only, so the output is
 * Gatling's console summary and scalelab's lines) and a preferences folder in which Gatling's
 * version check is recorded as just done, so it does not call Maven Central.
 */
final class ChildJvm {

    /** The folder of the child's support files, inside the output folder. */
    static final String SUPPORT_DIR = ".injector";
    static final String GATLING_MAIN = "io.gatling.app.Gatling";
    static final List<String> REQUIRED_OPTIONS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-Dgatling.data.enableAnalytics=false",
            "-Dfile.encoding=UTF-8",
            "-Dsun.stdout.encoding=UTF-8",
            "-Dsun.stderr.encoding=UTF-8");

    private static final String LOGBACK = """
            <configuration>
              <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
              </appender>
              <root level="WARN"><appender-ref ref="CONSOLE"/></root>
            </configuration>
            """;

    private ChildJvm() {
    }

    /**
     * Writes the support files and returns the command. With a {@code startSignal} file (else null) the simulation
     * boots, then waits for that file before it sends anything.
     */
    static List<String> prepare(RunSettings settings, ClassArchive archive, Path startSignal) throws IOException {
        List<String> command = jvm(settings, archive, supportFiles(settings.outputDir()));
        runProperties(settings, startSignal).forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(classpath(settings));
        command.add(GATLING_MAIN);
        command.addAll(gatlingArguments(settings));
        return command;
    }

    /** Writes the logging configuration and the preferences folder into {@code dir/.injector}; returns that folder. */
    static Path supportFiles(Path dir) throws IOException {
        Path support = dir.resolve(SUPPORT_DIR).toAbsolutePath();
        Files.createDirectories(support);
        Files.writeString(support.resolve("logback.xml"), LOGBACK, StandardCharsets.UTF_8);
        seedVersionCheck(support.resolve("prefs"));
        return support;
    }

    /** The java executable and the JVM options, up to the classpath. */
    static List<String> jvm(RunSettings settings, ClassArchive archive, Path support) {
        List<String> command = new ArrayList<>();
        command.add(settings.javaExecutable() != null ? settings.javaExecutable().toString()
                : Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.jvmOptions());
        command.addAll(archive.jvmOptions());
        command.addAll(REQUIRED_OPTIONS);
        command.add("-Djava.util.prefs.userRoot=" + support.resolve("prefs"));
        command.add("-Dlogback.configurationFile=" + support.resolve("logback.xml"));
        return command;
    }

    /** The system properties of one run: the simulation's parameters and its start signal, if any. */
    static Map<String, String> runProperties(RunSettings settings, Path startSignal) {
        Map<String, String> props = new LinkedHashMap<>();
        if (startSignal != null) {
            props.put(ScalelabSimulation.START_SIGNAL_PROPERTY, startSignal.toAbsolutePath().toString());
        }
        props.putAll(settings.systemProperties());
        return props;
    }

    /** Gatling's arguments for one run; creates its results folder. */
    static List<String> gatlingArguments(RunSettings settings) throws IOException {
        Path gatlingResults = settings.outputDir().resolve(RunSettings.GATLING_DIR).toAbsolutePath();
        Files.createDirectories(gatlingResults);
        List<String> args = new ArrayList<>(List.of("--simulation", settings.kind().className(),
                "--results-folder", gatlingResults.toString(),
                "--run-description", "scalelab " + settings.kind().simpleName() + " against " + settings.baseUrl()));
        if (!settings.gatlingReport()) {
            args.add("--no-reports");
        }
        return args;
    }

    /** The child's classpath, with absolute entries. */
    static String classpath(RunSettings settings) {
        return absolute(settings.classpath() != null ? settings.classpath() : System.getProperty("java.class.path"));
    }

    /**
     * The child runs in the output folder, so relative classpath entries (as in
     * {@code java -jar cli/target/scalelab.jar}) are resolved against this JVM's working directory.
     */
    static String absolute(String classpath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.endsWith("*")) {
                String dir = entry.substring(0, entry.length() - 1);
                entries.add((dir.isEmpty() ? Path.of("").toAbsolutePath().toString() + java.io.File.separator
                        : Path.of(dir).toAbsolutePath() + java.io.File.separator) + "*");
            } else {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /**
     * Gatling checks Maven Central for a newer release unless its preferences hold a recent enough check. It
     * trusts a recorded check for {@code now - lastCheckTimestamp < maxAge}, with a max age of 3,600 ms after a
     * failed check and 86,400 ms after a successful one (milliseconds, although the values read like seconds), so
     * a check recorded as made "now" expires while a slow machine still boots the JVM. This records a failed check
     * dated ten years ahead, in the preferences folder the child uses (the Java preferences file format): Gatling
     * then neither calls Maven Central nor prints a version notice.
     */
    static void seedVersionCheck(Path prefsRoot) throws IOException {
        Path node = prefsRoot.resolve(".java/.userPrefs/io/gatling/latestVersion");
        Files.createDirectories(node);
        long checkedAt = Instant.now().plus(Duration.ofDays(3650)).toEpochMilli();
        String xml = """
                <?xml version="1.0" encoding="UTF-8" standalone="no"?>
                <!DOCTYPE map SYSTEM "http://java.sun.com/dtd/preferences.dtd">
                <map MAP_XML_VERSION="1.0">
                  <entry key="lastCheckSuccess" value="false"/>
                  <entry key="lastCheckTimestamp" value="%d"/>
                </map>
                """.formatted(checkedAt);
        Files.writeString(node.resolve("prefs.xml"), xml, StandardCharsets.UTF_8);
    }
}
