package dev.scalelab.cli.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ladder files with steps of the user's own app: how each starts, and workload files. */
class OwnAppLadderFilesTest {

    @TempDir
    Path dir;

    @BeforeEach
    void workloadFile() throws Exception {
        Files.writeString(dir.resolve("shop.yaml"), """
                name: shop
                load: {rate: 3, warmupSec: 2, durationSec: 9, drainSec: 4}
                probes: {health: /actuator/health}
                journeys:
                  - name: browse
                    requests:
                      - {name: GET /, get: /}
                """);
    }

    Ladder parse(String yaml) {
        return LadderFiles.parse("own.yaml", yaml, dir);
    }

    @Test
    void a_command_step_takes_env_args_health_and_a_start_timeout_and_needs_no_url() {
        Ladder l = parse("""
                workload: shop.yaml
                steps:
                  - name: batched
                    start: java -jar shop.jar
                    args: [--batch, 'on', "it's"]
                    env: {BATCH_SIZE: '16', SPRING_PROFILES_ACTIVE: perf}
                    health: /ready
                    startTimeoutSec: 30
                """);
        Ladder.OwnApp own = l.steps().get(0).ownApp().orElseThrow();
        assertThat(own.url()).isEmpty();
        assertThat(own.start()).contains("java -jar shop.jar");
        assertThat(own.args()).containsExactly("--batch", "on", "it's");
        assertThat(own.env()).isEqualTo(Map.of("BATCH_SIZE", "16", "SPRING_PROFILES_ACTIVE", "perf"));
        assertThat(own.health()).contains("/ready");
        assertThat(own.startTimeoutSec()).isEqualTo(30);
        assertThat(own.usersCsv()).isEmpty();
        assertThat(new CommandLauncher(own, null).command("8123"))
                .isEqualTo("java -jar shop.jar --batch on 'it'\\''s'");
    }

    @Test
    void a_workload_file_gives_the_load_and_a_map_overrides_it() {
        Ladder l = parse("""
                workload: shop.yaml
                steps:
                  - name: a
                    start: java -jar shop.jar
                  - name: b
                    start: java -jar shop.jar
                    workload: {rate: 8, durationSec: 20}
                """);
        Path file = dir.resolve("shop.yaml");
        assertThat(l.workload()).isEqualTo(new Ladder.Workload("WorkloadSimulation", 3, 2, 9, 4, null, 0, Optional.of(file)));
        assertThat(l.steps().get(1).workload()).contains(new Ladder.Workload("WorkloadSimulation", 8, 2, 20, 4, null, 0,
                Optional.of(file)));
        assertThat(l.quick().file()).contains(file);
        assertThat(l.workload().label()).isEqualTo("shop.yaml");
    }

    @Test
    void a_step_may_name_its_own_workload_file_in_the_map_form() {
        Ladder l = parse("""
                steps:
                  - name: a
                    url: http://127.0.0.1:8089
                    workload: {file: shop.yaml, rate: 5}
                """);
        assertThat(l.steps().get(0).workload()).contains(new Ladder.Workload("WorkloadSimulation", 5, 2, 9, 4, null, 0,
                Optional.of(dir.resolve("shop.yaml"))));
    }

    @Test
    void a_git_ref_step_builds_in_the_ladder_files_repository() {
        Ladder.OwnApp own = parse("""
                workload: shop.yaml
                steps:
                  - name: mine
                    ref: feature/batch
                    build: ./mvnw -q -DskipTests package
                    start: java -jar target/shop.jar
                """).steps().get(0).ownApp().orElseThrow();
        assertThat(own.ref()).contains(new Ladder.GitRef(dir, "feature/batch", "./mvnw -q -DskipTests package"));
    }

    @Test
    void mistakes_in_own_app_steps_name_the_line_and_what_to_do() {
        assertThatThrownBy(() -> parse("""
                steps:
                  - name: a
                    app: {fetch: eager}
                    env: {A: b}
                """)).hasMessage("own.yaml:4:10: 'env' describes how your own app starts; the step needs 'start' (a "
                + "command), 'ref' (a git ref with 'build' and 'start') or 'url' too");
        assertThatThrownBy(() -> parse("""
                workload: shop.yaml
                steps:
                  - name: a
                    url: http://127.0.0.1:8089
                    args: [--x]
                """)).hasMessage("own.yaml:5:11: 'args' are appended to the 'start' command; the step has none");
        assertThatThrownBy(() -> parse("""
                workload: shop.yaml
                steps:
                  - name: a
                    ref: main
                    start: java -jar shop.jar
                """)).hasMessage("own.yaml:4:10: a step with 'ref' needs 'build': the command that builds that commit in "
                + "its worktree, e.g. ./mvnw -q -DskipTests package");
        assertThatThrownBy(() -> parse("""
                workload: shop.yaml
                steps:
                  - name: a
                    start: java -jar shop.jar
                    build: make
                """)).hasMessage("own.yaml:5:12: 'build' builds a git 'ref' in its worktree; the step has no 'ref' (build "
                + "your app before the ladder, or name the commit with 'ref')");
        assertThatThrownBy(() -> parse("""
                workload: shop.yaml
                steps:
                  - name: a
                    start: java -jar shop.jar
                    health: actuator/health
                """)).hasMessage("own.yaml:5:13: 'health' must be a path starting with '/', e.g. /actuator/health (was "
                + "'actuator/health')");
        assertThatThrownBy(() -> parse("""
                workload: missing.yaml
                steps:
                  - {name: a, start: java -jar shop.jar}
                """)).hasMessage("own.yaml:1:11: no workload file " + dir.resolve("missing.yaml") + " (relative names "
                + "are read from the ladder file's folder; docs/workloads.md describes the format)");
    }

    @Test
    void a_workload_file_with_mistakes_is_reported_with_its_own_line_and_column() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "name: bad\nload: {rate: fast}\njourneys: []\n");
        assertThatThrownBy(() -> parse("""
                workload: bad.yaml
                steps:
                  - {name: a, start: java -jar shop.jar}
                """)).hasMessageStartingWith("own.yaml:1:11: workload file " + dir.resolve("bad.yaml") + ":2:");
    }

    @Test
    void a_remote_url_needs_allow_remote() {
        String yaml = """
                workload: shop.yaml
                steps:
                  - {name: staging, url: 'https://staging.example.com'}
                """;
        assertThatThrownBy(() -> parse(yaml)).hasMessage("own.yaml:3:26: load tests target loopback only: "
                + "https://staging.example.com is on host staging.example.com, not this machine; give "
                + "http://127.0.0.1:PORT or http://localhost:PORT, or add --allow-remote to load another host (e.g. a "
                + "staging server you own)");
        Ladder l = LadderFiles.parse("own.yaml", yaml, dir, true);
        assertThat(l.steps().get(0).ownApp().orElseThrow().url()).contains("https://staging.example.com");
    }

    @Test
    void targets_accept_loopback_and_refuse_what_is_not_an_http_url() {
        Targets.check("http://127.0.0.1:8080", false);
        Targets.check("http://localhost:8080/app", false);
        Targets.check("http://[::1]:8080", false);
        assertThat(List.of("http://127.0.0.2:80", "http://LOCALHOST")).allMatch(Targets::isLoopback);
        assertThatThrownBy(() -> Targets.check("ftp://127.0.0.1", true)).hasMessage("'ftp://127.0.0.1' is not an "
                + "http:// or https:// URL with a host; give http://127.0.0.1:PORT or http://localhost:PORT");
    }
}
