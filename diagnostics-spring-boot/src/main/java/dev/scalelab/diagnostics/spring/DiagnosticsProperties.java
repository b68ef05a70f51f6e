package dev.scalelab.diagnostics.spring;

import dev.scalelab.diagnostics.StackMode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Settings of the starter, under {@code scalelab.diagnostics.*}. Every default is here.
 *
 * @param enabled           whether the starter does anything at all (default true)
 * @param threshold         repetitions of one read from one call stack that make an N+1 (default 3, at least 2)
 * @param traceFile         a JSON Lines trace of every statement, for {@code scalelab analyze} (default none)
 * @param appPackages       packages of the application's own classes; frames under them are call sites even
 *                          inside a framework prefix (default: the package of the {@code @SpringBootApplication}
 *                          class)
 * @param findingsLogLevel  level at which each request's findings are logged (default WARN; OFF for none)
 * @param stacks            how call stacks are captured: EXACT (default; tests and traces), SAMPLED (apps under
 *                          load: every execution counted, the stack of the first few and then one in N), OFF
 * @param includeParameters whether finding examples, traces and the endpoint show parameter values (default
 *                          false: redacted)
 * @param endpoint          the diagnostics Actuator endpoint
 */
@ConfigurationProperties("scalelab.diagnostics")
public record DiagnosticsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("3") int threshold,
        Path traceFile,
        List<String> appPackages,
        @DefaultValue("WARN") LogLevel findingsLogLevel,
        @DefaultValue("EXACT") StackMode stacks,
        @DefaultValue("false") boolean includeParameters,
        @DefaultValue Endpoint endpoint) {

    public DiagnosticsProperties {
        appPackages = appPackages == null ? List.of() : List.copyOf(appPackages);
        findingsLogLevel = findingsLogLevel == null ? LogLevel.WARN : findingsLogLevel;
        stacks = stacks == null ? StackMode.EXACT : stacks;
        endpoint = endpoint == null ? new Endpoint(null) : endpoint;
    }

    /** The level of the per-request findings log lines. */
    public enum LogLevel {
        OFF, DEBUG, INFO, WARN, ERROR;

        String lowerCase() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The diagnostics endpoint, on only when a token is set: at {@code /_scalelab/diagnostics} (what scalelab's
     * ladder and gate read; the CLI starts an app with a fresh token in
     * {@code SCALELAB_DIAGNOSTICS_ENDPOINT_TOKEN}), and as the Actuator endpoint {@code /actuator/scalelab} where
     * Actuator exposes it ({@code management.endpoints.web.exposure.include}). Both answer loopback clients that
     * send the token in {@code X-Scalelab-Token} or {@code Authorization: Bearer}.
     *
     * @param token at least 16 characters, e.g. from {@code openssl rand -hex 16} (default none: off)
     */
    public record Endpoint(String token) {
        boolean isOn() {
            return token != null && !token.isBlank();
        }
    }
}
