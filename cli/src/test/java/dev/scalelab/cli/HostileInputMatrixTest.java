package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The hostile-input matrix of issue 21: every case runs through the real command line (the configured
 * {@link Main#newCommandLine()}, with {@code System.out} and {@code System.err} captured too, so a library that
 * prints a stack trace by itself is caught). For each case it records the command, the expected exit code and the
 * answer, and counts one-line answers, stack traces and processes left behind. The table is written to
 * {@code target/hardening-matrix.md}; docs/hardening.md holds a copy with its date.
 */
class HostileInputMatrixTest {
    static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\s+at [\\w.$/<>]+\\(|Exception in thread|^Caused by: ");
    static final String CLOSED_PORT_DB = "jdbc:postgresql://127.0.0.1:1/nothing";

    /**
     * @param checklist the command answers with a report of several lines on stdout (doctor), not one line
     */
    record Case(String label, int expectedExit, String expectedText, boolean checklist, String... args) {
        Case(String label, int expectedExit, String expectedText, String... args) {
            this(label, expectedExit, expectedText, false, args);
        }
    }

    record Outcome(Case c, int exit, String answer, int errLines, boolean stackTrace, int processesLeft) {
        boolean oneLine() {
            return errLines == 1;
        }

        boolean ok() {
            return exit == c.expectedExit() && !stackTrace && processesLeft == 0
                    && (c.expectedExit() == 0 || c.checklist() || oneLine()) && answer.contains(c.expectedText());
        }
    }

    @Test
    void every_hostile_input_gets_one_line_a_named_exit_code_no_stack_trace_and_leaves_no_process(@TempDir Path tmp)
            throws Exception {
        List<Case> cases = cases(tmp);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        List<Outcome> outcomes = new ArrayList<>();
        for (Case c : cases) {
            outcomes.add(run(c));
        }
        String table = table(outcomes);
        Path report = Path.of("target", "hardening-matrix.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, table);

        assertThat(outcomes.stream().filter(Outcome::stackTrace).map(o -> o.c().label()))
                .as("cases that printed a stack trace").isEmpty();
        assertThat(outcomes.stream().filter(o -> o.processesLeft() > 0).map(o -> o.c().label()))
                .as("cases that left a process").isEmpty();
        assertThat(outcomes.stream().filter(o -> !o.ok()).map(o -> o.c().label() + ": exit " + o.exit() + ", "
                + o.errLines() + " lines: " + o.answer())).as("cases not answered as expected\n" + table).isEmpty();
    }

    static Outcome run(Case c) {
        Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        PrintStream sysOut = System.out;
        PrintStream sysErr = System.err;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(raw, true, StandardCharsets.UTF_8);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        System.setOut(capture);
        System.setErr(capture);
        try {
            CommandLine cmd = Main.newCommandLine();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            code = cmd.execute(c.args());
        } finally {
            System.setOut(sysOut);
            System.setErr(sysErr);
        }
        String all = out + "\n" + err + "\n" + raw.toString(StandardCharsets.UTF_8);
        long left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(h -> !before.contains(h.pid())).count();
        List<String> errLines = err.toString().lines().filter(l -> !l.isBlank()).toList();
        List<String> outLines = out.toString().lines().filter(l -> !l.isBlank()).toList();
        String answer = !errLines.isEmpty() ? errLines.get(0) : c.checklist() && !outLines.isEmpty()
                ? outLines.get(outLines.size() - 1).strip() : outLines.isEmpty() ? "" : outLines.get(0);
        return new Outcome(c, code, answer, errLines.size(), STACK_TRACE.matcher(all).find(), (int) left);
    }

    static String table(List<Outcome> outcomes) {
        long oneLine = outcomes.stream().filter(o -> o.c().expectedExit() != 0 && !o.c().checklist() && o.oneLine()).count();
        long errors = outcomes.stream().filter(o -> o.c().expectedExit() != 0 && !o.c().checklist()).count();
        long traces = outcomes.stream().filter(Outcome::stackTrace).count();
        long left = outcomes.stream().mapToLong(Outcome::processesLeft).sum();
        long asExpected = outcomes.stream().filter(Outcome::ok).count();
        StringBuilder md = new StringBuilder();
        md.append("Hostile-input matrix, ").append(LocalDate.now(ZoneOffset.UTC)).append(": ").append(outcomes.size())
                .append(" cases; ").append(asExpected).append(" answered as expected; ").append(oneLine).append(" of ")
                .append(errors).append(" refusals in one line; ").append(traces).append(" stack traces; ").append(left)
                .append(" processes left.\n\n");
        md.append("| # | input | command | expected | got | answer |\n|---:|---|---|---|---|---|\n");
        int i = 0;
        for (Outcome o : outcomes) {
            i++;
            String command = String.join(" ", o.c().args()).replaceAll("/tmp/junit-?[0-9]+", "\\$TMP");
            if (command.length() > 90) {
                command = command.substring(0, 87) + "...";
            }
            String answer = o.answer().replaceAll("/tmp/junit-?[0-9]+", "\\$TMP");
            if (answer.length() > 160) {
                answer = answer.substring(0, 157) + "...";
            }
            md.append("| ").append(i).append(" | ").append(cell(o.c().label())).append(" | `").append(cell(command))
                    .append("` | exit ").append(o.c().expectedExit()).append(" | exit ").append(o.exit())
                    .append(o.stackTrace() ? ", STACK TRACE" : "").append(o.processesLeft() > 0 ? ", "
                            + o.processesLeft() + " processes left" : "")
                    .append(o.c().expectedExit() != 0 && !o.c().checklist() && !o.oneLine() ? ", " + o.errLines() + " lines" : "")
                    .append(o.ok() ? "" : " (unexpected)").append(" | ").append(cell(answer)).append(" |\n");
        }
        return md.toString();
    }

    /**
     * {@code ladder --ladder FILE} on a closed database port and a new folder: a file that parses answers "cannot
     * connect" instead of starting a run.
     */
    static String[] ladder(Path dir, Path file) {
        return new String[] {"ladder", "--ladder", file.toString(), "--db-url", CLOSED_PORT_DB, "--out",
                dir.resolve("out-" + file.getFileName()).toString()};
    }

    static String cell(String s) {
        return s.replace("|", "\\|").replace("`", "'");
    }

    static List<Case> cases(Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("inputs"));
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        Path nonEmpty = Files.createDirectories(dir.resolve("old-run"));
        Files.writeString(nonEmpty.resolve("summary.json"), "{}");
        Path emptyDir = Files.createDirectories(dir.resolve("empty"));
        byte[] binary = new byte[4096];
        new java.util.Random(7).nextBytes(binary);
        Path bin = Files.write(dir.resolve("random.bin"), binary);
        Path latin1 = Files.write(dir.resolve("latin1.jsonl"), "{\"unit\":\"caf\u00e9\",\"sql\":\"select 1\"}\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        Path deepJson = Files.writeString(dir.resolve("deep.jsonl"), "[".repeat(50_000) + "]".repeat(50_000) + "\n");
        Path deepObject = Files.writeString(dir.resolve("deep-object.jsonl"),
                "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000) + "\n");
        Path arrayLine = Files.writeString(dir.resolve("array.jsonl"), "[1,2,3]\n");
        Path noSql = Files.writeString(dir.resolve("nosql.jsonl"), "{\"unit\":\"GET /\"}\n");
        Path blank = Files.writeString(dir.resolve("blank.jsonl"), "\n\n   \n");
        Path emptyTrace = Files.writeString(dir.resolve("empty.jsonl"), "");
        Path nul = Files.write(dir.resolve("nul.jsonl"), new byte[1000]);
        Path longLine = dir.resolve("long.jsonl");
        try (var w = Files.newBufferedWriter(longLine)) {
            char[] chunk = new char[1 << 20];
            java.util.Arrays.fill(chunk, 'x');
            for (int i = 0; i < 5; i++) {
                w.write(chunk);
            }
            w.write("\n");
        }
        Path hugeNumber = Files.writeString(dir.resolve("huge-number.jsonl"), "{\"unit\":\"GET /\",\"sql\":\"select 1\","
                + "\"durationMicros\":1" + "0".repeat(5000) + "}\n");

        Path ladders = Files.createDirectories(dir.resolve("ladders"));
        Path emptyLadder = Files.writeString(ladders.resolve("empty.yaml"), "");
        Path notYaml = Files.writeString(ladders.resolve("not-yaml.yaml"), "steps: [a, {b: }\n  - ]]\n");
        Path unknownKey = Files.writeString(ladders.resolve("unknown.yaml"), "steps:\n  - name: a\n    colour: red\n");
        Path noSteps = Files.writeString(ladders.resolve("no-steps.yaml"), "name: x\n");
        Path emptySteps = Files.writeString(ladders.resolve("empty-steps.yaml"), "steps: []\n");
        Path dupSteps = Files.writeString(ladders.resolve("dup.yaml"), "steps:\n  - name: a\n  - name: a\n");
        Path badName = Files.writeString(ladders.resolve("bad-name.yaml"), "steps:\n  - name: ../../etc\n");
        Path badSwitch = Files.writeString(ladders.resolve("bad-switch.yaml"), "steps:\n  - name: a\n    app: {fetch: fast}\n");
        Path negativeRate = Files.writeString(ladders.resolve("negative-rate.yaml"),
                "workload: {rate: -5}\nsteps:\n  - name: a\n");
        Path hugeRate = Files.writeString(ladders.resolve("huge-rate.yaml"), "workload: {rate: 1e308}\nsteps:\n  - name: a\n");
        Path nan = Files.writeString(ladders.resolve("nan.yaml"), "workload: {durationSec: NaN}\nsteps:\n  - name: a\n");
        Path infinity = Files.writeString(ladders.resolve("inf.yaml"), "workload: {rate: .inf}\nsteps:\n  - name: a\n");
        Path remoteUrl = Files.writeString(ladders.resolve("remote.yaml"), "steps:\n  - name: a\n    url: http://example.com\n");
        Path expectBad = Files.writeString(ladders.resolve("expect.yaml"), "steps:\n  - name: a\n    expect: maybe\n");
        Path tooManyInstances = Files.writeString(ladders.resolve("instances.yaml"),
                "steps:\n  - name: a\n    stack: {instances: 100}\n");
        Path ladderBinary = Files.write(ladders.resolve("binary.yaml"), binary);
        Path deepLadder = Files.writeString(ladders.resolve("deep.yaml"), "steps: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
        Path deepBlock = Files.writeString(ladders.resolve("deep-block.yaml"), "steps: " + "{a: ".repeat(5_000) + "1"
                + "}".repeat(5_000) + "\n");
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p)
                    .append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p)
                    .append(", *").append(p).append(", *").append(p).append("]\n");
        }
        bomb.append("steps:\n  - name: a\n");
        Path aliasBomb = Files.writeString(ladders.resolve("bomb.yaml"), bomb);
        Path big = ladders.resolve("big.yaml");
        try (var w = Files.newBufferedWriter(big)) {
            w.write("# padding\n");
            String pad = "#" + "x".repeat(1000) + "\n";
            for (int i = 0; i < 4_000; i++) {
                w.write(pad);
            }
            w.write("steps:\n  - name: a\n");
        }
        Path recursive = Files.writeString(ladders.resolve("recursive.yaml"), "&a [*a]\n");
        Path tabs = Files.writeString(ladders.resolve("tabs.yaml"), "steps:\n\t- name: a\n");
        Path nullStep = Files.writeString(ladders.resolve("null-step.yaml"), "steps:\n  - ~\n");

        Path runs = Files.createDirectories(dir.resolve("runs"));
        Path summaryEmpty = Files.createDirectories(runs.resolve("empty-object"));
        Files.writeString(summaryEmpty.resolve("summary.json"), "{}");
        Path summaryNull = Files.createDirectories(runs.resolve("null"));
        Files.writeString(summaryNull.resolve("summary.json"), "null");
        Path summaryBinary = Files.createDirectories(runs.resolve("binary"));
        Files.write(summaryBinary.resolve("summary.json"), binary);
        Path summaryDeep = Files.createDirectories(runs.resolve("deep"));
        Files.writeString(summaryDeep.resolve("summary.json"), "[".repeat(50_000) + "]".repeat(50_000));
        Path summaryFuture = Files.createDirectories(runs.resolve("future"));
        Files.writeString(summaryFuture.resolve("summary.json"), "{\"schemaVersion\": 99, \"steps\": []}");
        Path summaryBadStep = Files.createDirectories(runs.resolve("bad-step"));
        Files.writeString(summaryBadStep.resolve("summary.json"), "{\"schemaVersion\": 1, \"steps\": [{\"name\": \"a\", "
                + "\"status\": \"WEIRD\"}]}");
        Path summaryNegative = Files.createDirectories(runs.resolve("negative"));
        Files.writeString(summaryNegative.resolve("summary.json"), "{\"schemaVersion\": 1, \"steps\": [{\"name\": \"a\", "
                + "\"status\": \"PASSED\", \"requests\": 5, \"ko\": 9}]}");

        String f = file.toString();
        List<Case> c = new ArrayList<>();
        // the command line itself
        c.add(new Case("unknown option", 2, "Unknown option: '--bogus'", "--bogus"));
        c.add(new Case("unknown command", 2, "Unmatched argument", "frobnicate"));
        c.add(new Case("help for an unknown command", 2, "Unknown subcommand 'nothing'", "help", "nothing"));
        c.add(new Case("option without its value", 2, "Missing required parameter for option '--repeat'", "ladder", "--repeat"));
        c.add(new Case("--repeat 0", 2, "--repeat must be between 1 and 20 (was 0)", "ladder", "--repeat", "0"));
        c.add(new Case("--repeat -1", 2, "--repeat must be between 1 and 20 (was -1)", "ladder", "--repeat", "-1"));
        c.add(new Case("--repeat not a number", 2, "'many' is not an int", "ladder", "--repeat", "many"));
        c.add(new Case("--repeat beyond int", 2, "is not an int", "ladder", "--repeat", "99999999999"));
        // --out
        c.add(new Case("--out under /proc", 2, "is under /proc, a virtual file system", "ladder", "--out", "/proc/scalelab"));
        c.add(new Case("--out under /sys", 2, "is under /sys, a virtual file system", "ladder", "--out", "/sys/kernel/x"));
        c.add(new Case("--out under a file", 2, " is a file, not a folder", "ladder", "--out", f + "/run"));
        c.add(new Case("--out is a file", 2, "is a file; give a new or empty folder", "ladder", "--out", f));
        c.add(new Case("--out not empty", 2, "is not empty (it may hold an earlier run)", "ladder", "--out", nonEmpty.toString()));
        c.add(new Case("run --out under /proc", 2, "is under /proc", "run", "--step", "naive", "--out", "/proc/1/x"));
        c.add(new Case("bench --out under a file", 2, " is a file, not a folder", "bench", "--stub-only", "--out", f + "/x/y"));
        // ladder files
        c.add(new Case("ladder file missing", 2, "no such file", "ladder", "--ladder", dir.resolve("nope.yaml").toString()));
        c.add(new Case("ladder file is a folder", 2, "is a folder; give the YAML file", ladder(dir, dir)));
        c.add(new Case("ladder file empty", 2, "the file is empty", ladder(dir, emptyLadder)));
        c.add(new Case("ladder file /dev/null", 2, "the file is empty", ladder(dir, Path.of("/dev/null"))));
        c.add(new Case("ladder file not YAML", 2, "not valid YAML", ladder(dir, notYaml)));
        c.add(new Case("ladder file with tabs", 2, "", ladder(dir, tabs)));
        c.add(new Case("ladder file binary", 2, "not UTF-8 text (line 1)", ladder(dir, ladderBinary)));
        c.add(new Case("unknown key in a step", 2, "unknown key 'colour'", ladder(dir, unknownKey)));
        c.add(new Case("no steps", 2, "a ladder needs 'steps:'", ladder(dir, noSteps)));
        c.add(new Case("empty step list", 2, "'steps' must be a non-empty list", ladder(dir, emptySteps)));
        c.add(new Case("a null step", 2, "", ladder(dir, nullStep)));
        c.add(new Case("duplicate step names", 2, "two steps are named 'a'", ladder(dir, dupSteps)));
        c.add(new Case("step name with a path", 2, "must be letters, digits", ladder(dir, badName)));
        c.add(new Case("unknown switch value", 2, "invalid value for 'fetch': 'fast'", ladder(dir, badSwitch)));
        c.add(new Case("negative rate", 2, "'rate' must be between", ladder(dir, negativeRate)));
        c.add(new Case("rate 1e308", 2, "'rate' must be between", ladder(dir, hugeRate)));
        c.add(new Case("durationSec: NaN", 2, ":1:25: 'durationSec' must be a finite number (was 'NaN')", ladder(dir, nan)));
        c.add(new Case("rate: .inf", 2, ":1:", ladder(dir, infinity)));
        c.add(new Case("own app on a remote URL", 2, "load tests target loopback only", ladder(dir, remoteUrl)));
        c.add(new Case("expect: maybe", 2, "'expect' must be passed or failed", ladder(dir, expectBad)));
        c.add(new Case("100 instances", 2, "'instances' must be between 1 and 8", ladder(dir, tooManyInstances)));
        c.add(new Case("ladder nested 10,000 deep (flow)", 2, ":1:57: nested deeper than 50 levels", ladder(dir, deepLadder)));
        c.add(new Case("ladder nested 5,000 deep (mappings)", 2, "nested deeper than 50 levels", ladder(dir, deepBlock)));
        c.add(new Case("ladder alias bomb (9^10 nodes)", 2, "more than 20 aliases", ladder(dir, aliasBomb)));
        c.add(new Case("ladder recursive alias", 2, "", ladder(dir, recursive)));
        c.add(new Case("ladder file over 3 MB", 2, "over the limit of 3 MB", ladder(dir, big)));
        c.add(new Case("run: unknown step", 2, "no step 'nope' in ladder story", "run", "--step", "nope"));
        c.add(new Case("run: empty step name", 2, "no step '' in ladder story", "run", "--step", ""));
        c.add(new Case("run: no --step", 2, "give --step NAME", "run"));
        // databases
        c.add(new Case("ladder on a closed database port", 2, "cannot connect to PostgreSQL at " + CLOSED_PORT_DB,
                "ladder", "--db-url", CLOSED_PORT_DB, "--out", dir.resolve("closed-db").toString()));
        c.add(new Case("ladder with a non-JDBC URL", 2, "", "ladder", "--db-url", "http://example.com/db", "--out",
                dir.resolve("http-db").toString()));
        c.add(new Case("password never echoed", 2, "cannot connect", "app", "--db-url", CLOSED_PORT_DB, "--db-user",
                "bob", "--db-password", "hunter2"));
        // analyze
        c.add(new Case("analyze: missing file", 2, "no trace file at", "analyze", dir.resolve("nope.jsonl").toString()));
        c.add(new Case("analyze: a folder", 2, "is a folder", "analyze", dir.toString()));
        c.add(new Case("analyze: /dev/zero", 2, "is a device, not a trace file", "analyze", "/dev/zero"));
        c.add(new Case("analyze: random bytes", 2, "not UTF-8 text (line ", "analyze", bin.toString()));
        c.add(new Case("analyze: Latin-1 text", 2, "not UTF-8 text (line 1)", "analyze", latin1.toString()));
        c.add(new Case("analyze: NUL bytes", 2, "line 1: expected a value at column 1", "analyze", nul.toString()));
        c.add(new Case("analyze: array nested 50,000 deep", 2, "line 1: nested deeper than 64 levels", "analyze",
                deepJson.toString()));
        c.add(new Case("analyze: object nested 20,000 deep", 2, "line 1: nested deeper than 64 levels", "analyze",
                deepObject.toString()));
        c.add(new Case("analyze: a 5 Mi-character line", 2, "line 1: longer than 4194304 characters", "analyze",
                longLine.toString()));
        c.add(new Case("analyze: a JSON array line", 2, "line 1: expected a JSON object", "analyze", arrayLine.toString()));
        c.add(new Case("analyze: no sql field", 2, "line 1: ", "analyze", noSql.toString()));
        c.add(new Case("analyze: a 5,000-digit number", 2, "line 1: ", "analyze", hugeNumber.toString()));
        c.add(new Case("analyze: only blank lines", 0, "", "analyze", blank.toString()));
        c.add(new Case("analyze: empty file", 0, "", "analyze", emptyTrace.toString()));
        c.add(new Case("analyze: --threshold 1", 2, "--threshold must be between 2 and 1000000 (was 1)", "analyze",
                "--threshold", "1", blank.toString()));
        c.add(new Case("analyze: --threshold abc", 2, "'abc' is not an int", "analyze", "--threshold", "abc", blank.toString()));
        c.add(new Case("analyze: --format xml", 2, "invalid value for --format: 'xml'", "analyze", "--format", "xml",
                blank.toString()));
        // report
        c.add(new Case("report: missing folder", 2, "does not exist", "report", dir.resolve("nope").toString()));
        c.add(new Case("report: empty folder", 2, "no summary.json at", "report", emptyDir.toString()));
        c.add(new Case("report: a file", 2, "", "report", f));
        c.add(new Case("report: summary {}", 2, "", "report", summaryEmpty.toString()));
        c.add(new Case("report: summary null", 2, "", "report", summaryNull.toString()));
        c.add(new Case("report: summary random bytes", 2, "", "report", summaryBinary.toString()));
        c.add(new Case("report: summary nested 50,000 deep", 2, "", "report", summaryDeep.toString()));
        c.add(new Case("report: schemaVersion 99", 2, "", "report", summaryFuture.toString()));
        c.add(new Case("report: unknown status", 2, "", "report", summaryBadStep.toString()));
        c.add(new Case("report: more KO than requests", 2, "", "report", summaryNegative.toString()));
        // app and bench
        c.add(new Case("app: port 70000", 2, "--port must be between 0 and 65535 (was 70000)", "app", "--port", "70000"));
        c.add(new Case("app: unknown fetch mode", 2, "invalid value for --fetch: 'bogus'", "app", "--fetch", "bogus"));
        c.add(new Case("app: 2 threads", 2, "--threads must be between 8 and 2000 (was 2)", "app", "--threads", "2"));
        c.add(new Case("app: public interface", 2, "", "app", "--host", "0.0.0.0", "--port", "70000"));
        c.add(new Case("bench: unknown path", 2, "invalid value for --via: 'hibernate'", "bench", "--via", "hibernate"));
        c.add(new Case("bench: --out a file", 2, "is a file; give a new or empty folder", "bench", "--stub-only", "--out", f));
        c.add(new Case("doctor: closed database port (a checklist)", 2, "the ladder cannot run here", true, "doctor",
                "--db-url", CLOSED_PORT_DB));
        return c;
    }
}
