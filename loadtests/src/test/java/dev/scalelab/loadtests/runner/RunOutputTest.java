package dev.scalelab.loadtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the runner says when the injector fails: the root cause, never a reflective wrapper. */
class RunOutputTest {

    @Test
    void a_crash_in_the_simulations_constructor_is_named_by_its_root_cause(@TempDir Path dir) throws Exception {
        SimulationRunner.Output output = new SimulationRunner.Output(dir.resolve("log"), RunListener.none());
        for (String line : """
                08:09:57.863 ERROR io.gatling.app.Gatling$ - Run crashed
                java.lang.reflect.InvocationTargetException: null
                \tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)
                \tat io.gatling.app.Gatling.main(Gatling.scala)
                Caused by: java.lang.IllegalStateException: wrapped
                \tat dev.scalelab.X.y(X.java:1)
                Caused by: java.lang.IllegalArgumentException: users.csv:3: 2 fields, expected 4
                \tat dev.scalelab.X.z(X.java:2)
                \t... 12 common frames omitted
                Exception in thread "main" java.lang.reflect.InvocationTargetException
                """.lines().toList()) {
            output.accept(line);
        }
        assertThat(output.lastMeaningfulLine())
                .isEqualTo("java.lang.IllegalArgumentException: users.csv:3: 2 fields, expected 4");
    }

    @Test
    void without_an_exception_the_last_line_is_told(@TempDir Path dir) throws Exception {
        SimulationRunner.Output output = new SimulationRunner.Output(dir.resolve("log"), RunListener.none());
        output.accept("scalelab: progress 5s measure: 10 requests");
        output.accept("Killed");
        output.accept("  ");
        assertThat(output.lastMeaningfulLine()).isEqualTo("Killed");
    }
}
