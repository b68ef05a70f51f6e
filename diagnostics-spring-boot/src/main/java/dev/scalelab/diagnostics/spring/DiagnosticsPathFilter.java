package dev.scalelab.diagnostics.spring;

import dev.scalelab.diagnostics.http.DiagnosticsEndpoint;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The library's endpoint at its own path, {@code /_scalelab/diagnostics} ({@code GET} the snapshot, {@code DELETE}
 * it and reset, or {@code POST /_scalelab/diagnostics/reset}), whatever Actuator exposes: the path scalelab's ladder
 * and gate read first. Registered only when a token is set; the endpoint's rules apply (loopback clients with the
 * token only, parameters redacted). It runs before the request filter, so reading the snapshot is not a request
 * of the snapshot, and before Spring Security's chain, which would otherwise ask an app's login of the CLI.
 */
final class DiagnosticsPathFilter implements Filter, Ordered {
    static final String PATH = "/_scalelab/diagnostics";
    static final int ORDER = RequestUnitFilter.ORDER - 5;

    private final DiagnosticsEndpoint endpoint;

    DiagnosticsPathFilter(DiagnosticsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse out)) {
            chain.doFilter(request, response);
            return;
        }
        String path = http.getRequestURI().substring(http.getContextPath().length());
        String method;
        if (path.equals(PATH)) {
            method = http.getMethod();
        } else if (path.equals(PATH + "/reset") && http.getMethod().equals("POST")) {
            method = "DELETE";
        } else {
            chain.doFilter(request, response);
            return;
        }
        if (!method.equals("GET") && !method.equals("DELETE")) {
            out.setStatus(405);
            out.setHeader("Allow", "GET, DELETE");
            return;
        }
        DiagnosticsEndpoint.Response answer = endpoint.handle(method, http.getRemoteAddr(), token(http));
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        out.setStatus(answer.status());
        out.setContentType(answer.contentType());
        out.setHeader("Cache-Control", "no-store");
        out.setContentLength(body.length);
        out.getOutputStream().write(body);
    }

    /** The token as the client sent it: {@code X-Scalelab-Token}, else {@code Authorization}; null without one. */
    static String token(HttpServletRequest request) {
        String token = request.getHeader(DiagnosticsEndpoint.TOKEN_HEADER);
        return token != null ? token : request.getHeader("Authorization");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
