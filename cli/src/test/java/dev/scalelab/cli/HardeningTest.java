package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Hostile inputs of issue 21: every one answered in one line with a named exit code, never a stack trace. */
class HardeningTest {
    static final String NL = System.lineSeparator();

    static AppCommandTest.Result run(String... args) {
        return AppCommandTest.run(args);
    }

    @Nested
    class Analyze {
        @Test
        void a_line_nested_thousands_deep_is_one_line_with_file_and_line(@TempDir Path tmp) throws Exception {
            Path f = Files.writeString(tmp.resolve("deep.jsonl"), "[".repeat(20_000) + "]".repeat(20_000) + "\n");
            AppCommandTest.Result r = run("analyze", f.toString());
            assertThat(r.err()).isEqualTo("scalelab: " + f + ": line 1: nested deeper than 64 levels at column 65; no "
                    + "line is a statement of a trace (JSON Lines, as the diagnostics recorder writes it)" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        }

        @Test
        void a_deep_line_among_good_ones_is_reported_and_skipped(@TempDir Path tmp) throws Exception {
            Path f = OtherCommandsTest.trace(tmp);
            Files.writeString(f, "{\"unit\":\"GET /\",\"sql\":\"select 1\",\"params\":" + "[".repeat(5_000)
                    + "]".repeat(5_000) + "}\n", java.nio.file.StandardOpenOption.APPEND);
            AppCommandTest.Result r = run("analyze", f.toString());
            assertThat(r.err()).isEqualTo("scalelab: " + f + ": line 7: expected a field name in quotes at column 2, found 'n'" + NL
                    + "scalelab: " + f + ": line 8: nested deeper than 64 levels at column 106" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(r.out()).contains("Feed.render(Feed.java:31)");
        }

        @Test
        void a_binary_file_is_not_utf8_text_with_its_line(@TempDir Path tmp) throws Exception {
            Path f = tmp.resolve("trace.bin");
            byte[] good = "{\"unit\":\"GET /\",\"sql\":\"select 1\"}\n\n".getBytes(StandardCharsets.UTF_8);
            byte[] bad = {(byte) 0xC3, 0x28, (byte) 0xFF, 0x00, '\n'};
            byte[] all = new byte[good.length + bad.length];
            System.arraycopy(good, 0, all, 0, good.length);
            System.arraycopy(bad, 0, all, good.length, bad.length);
            Files.write(f, all);
            AppCommandTest.Result r = run("analyze", f.toString());
            assertThat(r.err()).isEqualTo("scalelab: " + f + ": not UTF-8 text (line 3); a trace is JSON Lines text, as "
                    + "the diagnostics recorder writes it" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        }

        @Test
        void a_line_longer_than_the_limit_is_skipped_without_holding_it(@TempDir Path tmp) throws Exception {
            Path f = tmp.resolve("long.jsonl");
            try (var w = Files.newBufferedWriter(f)) {
                w.write("{\"unit\":\"GET /\",\"sql\":\"select 1\"}\n{\"unit\":\"");
                char[] chunk = new char[1 << 20];
                java.util.Arrays.fill(chunk, 'x');
                for (int i = 0; i < 5; i++) {
                    w.write(chunk);
                }
                w.write("\"}\n");
            }
            AppCommandTest.Result r = run("analyze", f.toString());
            assertThat(r.err()).isEqualTo("scalelab: " + f + ": line 2: longer than 4194304 characters; skipped (a "
                    + "trace line is one statement)" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        }

        @Test
        void a_device_is_refused_instead_of_read_forever() {
            AppCommandTest.Result r = run("analyze", "/dev/zero");
            assertThat(r.err()).isEqualTo("scalelab: /dev/zero is a device, not a trace file; give the trace file "
                    + "(JSON Lines)" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        }
    }

    @Nested
    class LadderFiles {
        /** A ladder file on a closed database port: one that parsed would answer "cannot connect", not run. */
        AppCommandTest.Result ladder(Path tmp, Path file) {
            return run("ladder", "--ladder", file.toString(), "--db-url", "jdbc:postgresql://127.0.0.1:1/x", "--out",
                    tmp.resolve("out").toString());
        }

        @Test
        void nested_thousands_deep_is_one_line_with_its_position(@TempDir Path tmp) throws Exception {
            Path f = Files.writeString(tmp.resolve("deep.yaml"), "steps: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
            AppCommandTest.Result r = ladder(tmp, f);
            assertThat(r.err()).isEqualTo("scalelab: " + f + ":1:57: nested deeper than 50 levels of lists and mappings; "
                    + "a ladder or workload file needs a few" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        }

        @Test
        void an_alias_bomb_is_one_line(@TempDir Path tmp) throws Exception {
            StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
            for (char c = 'b'; c <= 'k'; c++) {
                String p = "*" + (char) (c - 1);
                bomb.append(c).append(": &").append(c).append(" [").append(String.join(", ",
                        java.util.Collections.nCopies(9, p))).append("]\n");
            }
            Path f = Files.writeString(tmp.resolve("bomb.yaml"), bomb + "steps:\n  - name: a\n");
            AppCommandTest.Result r = ladder(tmp, f);
            assertThat(r.err()).isEqualTo("scalelab: " + f + ": more than 20 aliases (*name) to lists or mappings; write "
                    + "the repeated parts out (a file that expands aliases this much is refused)" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        }

        @Test
        void over_3_mb_is_one_line(@TempDir Path tmp) throws Exception {
            Path f = tmp.resolve("big.yaml");
            try (var w = Files.newBufferedWriter(f)) {
                for (int i = 0; i < 4_000; i++) {
                    w.write("#" + "x".repeat(1000) + "\n");
                }
                w.write("steps:\n  - name: a\n");
            }
            AppCommandTest.Result r = ladder(tmp, f);
            assertThat(r.err()).isEqualTo("scalelab: " + f + ": 3.8 MB, over the limit of 3 MB for a YAML file here; is "
                    + "it the right file?" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        }

        @Test
        void duration_nan_or_infinity_is_refused_at_parse_with_line_and_column(@TempDir Path tmp) throws Exception {
            Path f = Files.writeString(tmp.resolve("nan.yaml"), "workload: {durationSec: NaN}\nsteps:\n  - name: a\n");
            AppCommandTest.Result r = ladder(tmp, f);
            assertThat(r.err()).isEqualTo("scalelab: " + f + ":1:25: 'durationSec' must be a finite number (was 'NaN')" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
            Path inf = Files.writeString(tmp.resolve("inf.yaml"), "workload: {durationSec: .inf}\nsteps:\n  - name: a\n");
            assertThat(ladder(tmp, inf).err()).isEqualTo("scalelab: " + inf + ":1:25: 'durationSec' must be a "
                    + "number (was '.inf')" + NL);
            assertThat(tmp.resolve("out")).doesNotExist();
        }

        @Test
        void a_binary_file_is_not_utf8_text_with_its_line(@TempDir Path tmp) throws Exception {
            Path f = Files.write(tmp.resolve("bin.yaml"), new byte[] {'a', ':', ' ', '1', '\n', (byte) 0xFF, (byte) 0xFE, 0});
            AppCommandTest.Result r = ladder(tmp, f);
            assertThat(r.err()).isEqualTo("scalelab: " + f + ":2: not UTF-8 text (line 2); a YAML file is UTF-8 text" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        }
    }

    @Nested
    class OutFolder {
        @Test
        void under_proc_is_one_line_and_exit_2() {
            AppCommandTest.Result r = run("ladder", "--quick", "--out", "/proc/scalelab-run");
            assertThat(r.err()).isEqualTo("scalelab: --out /proc/scalelab-run is under /proc, a virtual file system "
                    + "that cannot hold results; choose a folder on disk" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        }

        @Test
        void under_sys_is_one_line_and_exit_2() {
            AppCommandTest.Result r = run("run", "--step", "naive", "--out", "/sys/kernel/scalelab");
            assertThat(r.err()).isEqualTo("scalelab: --out /sys/kernel/scalelab is under /sys, a virtual file system "
                    + "that cannot hold results; choose a folder on disk" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        }

        @Test
        void under_an_existing_file_is_one_line_and_exit_2(@TempDir Path tmp) throws Exception {
            Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
            Path out = file.resolve("run");
            AppCommandTest.Result r = run("ladder", "--quick", "--out", out.toString());
            assertThat(r.err()).isEqualTo("scalelab: --out " + out + " cannot be created: " + file
                    + " is a file, not a folder" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        }

        @Test
        void an_existing_file_is_one_line_and_exit_2(@TempDir Path tmp) throws Exception {
            Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
            AppCommandTest.Result r = run("bench", "--out", file.toString());
            assertThat(r.err()).isEqualTo("scalelab: --out " + file + " is a file; give a new or empty folder" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        }
    }

    @Nested
    class Guard {
        @Command(name = "boom")
        static final class Boom implements Callable<Integer> {
            final Throwable toThrow;
            final Path runFolder;

            Boom(Throwable toThrow, Path runFolder) {
                this.toThrow = toThrow;
                this.runFolder = runFolder;
            }

            @Override
            public Integer call() throws Exception {
                InternalErrors.runFolder(runFolder);
                if (toThrow instanceof Exception e) {
                    throw e;
                }
                throw (Error) toThrow;
            }
        }

        @Command(name = "deep")
        static final class Deep implements Callable<Integer> {
            @Override
            public Integer call() {
                return recurse(0);
            }

            private int recurse(int n) {
                return recurse(n + 1) + 1;
            }
        }

        AppCommandTest.Result runWith(Object sub, String... args) {
            CommandLine cmd = Main.newCommandLine();
            cmd.addSubcommand(sub);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            int code = cmd.execute(args);
            return new AppCommandTest.Result(code, out.toString(), err.toString());
        }

        @Test
        void an_unexpected_exception_is_one_line_exit_3_and_its_stack_trace_in_the_run_folder(@TempDir Path tmp)
                throws Exception {
            AppCommandTest.Result r = runWith(new Boom(new IllegalStateException("the summary has no steps\nsecond line"),
                    tmp), "boom");
            Path log = tmp.resolve("error.log").toAbsolutePath();
            assertThat(r.err()).isEqualTo("scalelab: internal error in 'boom': IllegalStateException: the summary has "
                    + "no steps; details in " + log + " (please report it with that file)" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.INTERNAL);
            assertThat(Files.readString(log)).contains("java.lang.IllegalStateException: the summary has no steps")
                    .contains("\tat dev.scalelab.cli.HardeningTest$Guard.an_unexpected_exception_is_one_line");
        }

        @Test
        void a_stack_overflow_is_one_line_and_exit_3(@TempDir Path tmp) {
            AppCommandTest.Result r = runWith(new Deep(), "deep");
            assertThat(r.err()).startsWith("scalelab: internal error in 'deep': the input is nested too deeply for this "
                    + "command (stack overflow); details in ").endsWith(" (please report it with that file)" + NL);
            assertThat(r.err().lines()).hasSize(1);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.INTERNAL);
            String log = r.err().substring(r.err().indexOf("details in ") + 11, r.err().indexOf(" (please"));
            assertThat(Path.of(log)).exists();
            assertThat(Path.of(log).getFileName().toString()).endsWith(".log");
        }

        @Test
        void an_out_of_memory_error_is_one_line_and_exit_3(@TempDir Path tmp) {
            AppCommandTest.Result r = runWith(new Boom(new OutOfMemoryError("Java heap space"), tmp), "boom");
            assertThat(r.err()).isEqualTo("scalelab: internal error in 'boom': out of memory (Java heap space); give the "
                    + "JVM more, e.g. SCALELAB_JAVA_OPTS=-Xmx2g; details in " + tmp.resolve("error.log").toAbsolutePath()
                    + " (please report it with that file)" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.INTERNAL);
        }

        @Test
        void a_user_error_deep_in_a_cause_chain_stays_a_user_error(@TempDir Path tmp) {
            AppCommandTest.Result r = runWith(new Boom(new RuntimeException(new UserError("port 1 is taken")), tmp),
                    "boom");
            assertThat(r.err()).isEqualTo("scalelab: port 1 is taken" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        }

        @Test
        void an_unknown_option_is_one_line_with_a_pointer_to_the_help() {
            AppCommandTest.Result r = run("ladder", "--fast");
            assertThat(r.err()).isEqualTo("scalelab: Unknown option: '--fast' (see 'scalelab ladder --help')" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        }

        @Test
        void a_bad_option_value_is_one_line() {
            AppCommandTest.Result r = run("ladder", "--repeat", "many");
            assertThat(r.err()).isEqualTo("scalelab: Invalid value for option '--repeat': 'many' is not an int (see "
                    + "'scalelab ladder --help')" + NL);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        }
    }
}
