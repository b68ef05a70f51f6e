package dev.scalelab.diagnostics.http;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.UnitScope;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Opens a unit of work per HTTP request and sets {@code Server-Timing: db;dur=<ms>;desc="<n>
 * statements"} on every response.
 *
 * <p>The unit ends when the filter chain returns, not when the response commits: statements that
 * run after the body was written and the response committed (server-side view rendering writes the
 * body, then the template's lazy loads query) count toward the request, in its report and the
 * snapshot. The header cannot carry them, since it went out first. So it is set just before the
 * response commits (first body write, flush, error or redirect) saying what it covers,
 * {@code desc="3 statements before the response committed"}, and set again with the final counts
 * when the response is still uncommitted after the chain. When it went out early, the report's
 * {@link UnitReport#statementsAfterCommit()} says how many statements it is missing, and the final
 * value follows as an HTTP trailer {@code Server-Timing: db;dur=<ms>;desc="<n> statements"} where
 * the container can send one: the request is HTTP/1.1 or HTTP/2, the client sent {@code TE: trailers},
 * the response has no {@code Content-Length} (HTTP/1.1 trailers need chunked encoding) and the
 * container accepts {@link HttpServletResponse#setTrailerFields}; otherwise there is no trailer.
 *
 * <p>A request that ends in an exception or with a status of 500 or more is marked
 * {@linkplain UnitScope#failed() failed}, so the snapshot can tell complete pages from pages that
 * stopped part-way.
 *
 * <p>The unit is named by {@code unitNamer}; the default uses Spring MVC's best-matching pattern
 * when present, else the servlet mapping pattern, else the request path with numeric and
 * UUID-like segments replaced by {@code {id}}, so names stay few ({@code GET /articles/{id}}).
 */
public final class DiagnosticsFilter implements Filter {
    /** Name of the request attribute under which the open {@link UnitScope} is exposed. */
    public static final String UNIT_ATTRIBUTE = UnitScope.class.getName();
    static final String SPRING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";
    private static final Pattern ID_SEGMENT =
            Pattern.compile("/(?:\\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?=/|$)");

    private final Diagnostics diagnostics;
    private final Function<HttpServletRequest, String> unitNamer;

    public DiagnosticsFilter(Diagnostics diagnostics) {
        this(diagnostics, DiagnosticsFilter::defaultUnitName);
    }

    public DiagnosticsFilter(Diagnostics diagnostics, Function<HttpServletRequest, String> unitNamer) {
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.unitNamer = Objects.requireNonNull(unitNamer, "unitNamer");
    }

    /** {@code GET /articles/{id}} from the request, see the class comment. */
    public static String defaultUnitName(HttpServletRequest request) {
        Object spring = request.getAttribute(SPRING_PATTERN);
        String path;
        if (spring instanceof String s && !s.isEmpty()) {
            path = s;
        } else {
            HttpServletMapping mapping = request.getHttpServletMapping();
            String pattern = mapping == null ? null : mapping.getPattern();
            if (pattern != null && !pattern.isEmpty() && !pattern.equals("/") && !pattern.endsWith("/*")
                    && !pattern.startsWith("*.")) {
                path = pattern;
            } else {
                String uri = request.getRequestURI();
                String context = request.getContextPath();
                if (context != null && !context.isEmpty() && uri.startsWith(context)) {
                    uri = uri.substring(context.length());
                }
                path = ID_SEGMENT.matcher(uri.isEmpty() ? "/" : uri).replaceAll("/{id}");
            }
        }
        return request.getMethod().toUpperCase(Locale.ROOT) + " " + path;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        UnitScope unit = diagnostics.open(unitNamer.apply(request));
        request.setAttribute(UNIT_ATTRIBUTE, unit);
        TimingResponse timing = new TimingResponse(response, unit, acceptsTrailers(request));
        boolean threw = true;
        try {
            chain.doFilter(request, timing);
            threw = false;
        } finally {
            if (threw || response.getStatus() >= 500) {
                unit.failed();
            }
            Object spring = request.getAttribute(SPRING_PATTERN);
            if (spring instanceof String) {
                unit.rename(unitNamer.apply(request));
            }
            boolean committed = response.isCommitted();
            if (committed && timing.statementsInHeader >= 0) {
                unit.responseCommitted(timing.statementsInHeader);
            }
            UnitReport report = unit.end();
            timing.finalValue = report.serverTimingHeader();
            if (!committed) {
                response.setHeader(HEADER, report.serverTimingHeader());
            }
        }
    }

    static final String HEADER = "Server-Timing";

    /** Whether the client asked for trailers ({@code TE: trailers}) over a protocol that has them. */
    static boolean acceptsTrailers(HttpServletRequest request) {
        String protocol = request.getProtocol();
        if (protocol == null || !(protocol.equals("HTTP/1.1") || protocol.startsWith("HTTP/2"))) {
            return false;
        }
        java.util.Enumeration<String> te = request.getHeaders("TE");
        while (te != null && te.hasMoreElements()) {
            for (String token : te.nextElement().split(",")) {
                int semicolon = token.indexOf(';');
                String name = (semicolon < 0 ? token : token.substring(0, semicolon)).strip();
                if (name.equalsIgnoreCase("trailers")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Sets the header right before the first byte goes out, and the trailer with the final counts. */
    static final class TimingResponse extends HttpServletResponseWrapper {
        private final UnitScope unit;
        private final boolean trailers;
        private boolean headerSet;
        /** What the header set before commit reported; -1 until it is set. */
        volatile int statementsInHeader = -1;
        /** The final {@code Server-Timing} value, once the unit ended. */
        volatile String finalValue;
        private ServletOutputStream stream;
        private PrintWriter writer;

        TimingResponse(HttpServletResponse response, UnitScope unit, boolean trailers) {
            super(response);
            this.unit = unit;
            this.trailers = trailers;
        }

        void beforeCommit() {
            if (!headerSet && !isCommitted()) {
                headerSet = true;
                int statements = unit.statements();
                statementsInHeader = statements;
                setHeader(HEADER, String.format(Locale.ROOT,
                        "db;dur=%.3f;desc=\"%d statements before the response committed\"",
                        unit.dbTimeMicros() / 1000.0, statements));
                if (trailers && !containsHeader("Content-Length")) {
                    offerTrailer();
                }
            }
        }

        /** Asks the container for a trailer with the final counts; a container that cannot send one says no. */
        private void offerTrailer() {
            try {
                setTrailerFields(() -> {
                    String value = finalValue;
                    if (value == null) {
                        value = String.format(Locale.ROOT, "db;dur=%.3f;desc=\"%d statements\"",
                                unit.dbTimeMicros() / 1000.0, unit.statements());
                    }
                    return Map.of("server-timing", value);
                });
                setHeader("Trailer", HEADER);
            } catch (IllegalStateException | UnsupportedOperationException e) {
                // HTTP/1.0, a response that is not chunked, or a container without trailers: the header only
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream out = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public boolean isReady() {
                        return out.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        out.setWriteListener(listener);
                    }

                    @Override
                    public void write(int b) throws IOException {
                        beforeCommit();
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        beforeCommit();
                        out.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        beforeCommit();
                        out.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        beforeCommit();
                        out.close();
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                PrintWriter out = super.getWriter();
                writer = new PrintWriter(new Writer() {
                    @Override
                    public void write(char[] cbuf, int off, int len) {
                        beforeCommit();
                        out.write(cbuf, off, len);
                    }

                    @Override
                    public void flush() {
                        beforeCommit();
                        out.flush();
                    }

                    @Override
                    public void close() {
                        beforeCommit();
                        out.close();
                    }
                });
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            beforeCommit();
            super.flushBuffer();
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            beforeCommit();
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            beforeCommit();
            super.sendError(sc);
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            beforeCommit();
            super.sendRedirect(location);
        }
    }
}
