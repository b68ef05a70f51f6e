package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AppCommandTest {

    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cmd = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void version_names_the_tool_and_java() {
        Result r = run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("scalelab ").contains("Java 17");
    }

    @Test
    void an_unknown_switch_value_is_one_line_naming_the_valid_values() {
        Result r = run("app", "--fetch", "bogus");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("scalelab: invalid value for --fetch: 'bogus' (valid values: lazy, eager)"
                + System.lineSeparator());
        Result cache = run("app", "--cache", "page");
        assertThat(cache.err()).contains("valid values: none, page-by-cookie, page-shared, fragment");
    }

    @Test
    void invalid_numbers_are_reported_together() {
        Result r = run("app", "--port", "70000", "--threads", "2");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--port must be between 0 and 65535 (was 70000)")
                .contains("--threads must be between 8 and 2000 (was 2)");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void an_unreachable_database_is_one_line_with_the_password_hidden() {
        Result r = run("app", "--db-url", "jdbc:postgresql://127.0.0.1:1/shop", "--db-user", "bob", "--db-password", "hunter2");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("scalelab: cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/shop as bob")
                .doesNotContain("hunter2");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void a_port_in_use_names_the_option_to_change_it() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Result r = run("app", "--port", Integer.toString(port), "--db-url", "jdbc:postgresql://127.0.0.1:1/never-contacted");
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).isEqualTo("scalelab: port " + port + " on 127.0.0.1 is already in use; stop the program "
                    + "using it or choose another port with --port (0 picks a free one)" + System.lineSeparator());
        }
    }
}
