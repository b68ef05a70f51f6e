package dev.scalelab.diagnostics.spring;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.UnitScope;
import dev.scalelab.diagnostics.http.DiagnosticsFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.springframework.core.Ordered;

import java.io.IOException;

/**
 * The library's {@link DiagnosticsFilter} as a Spring Boot filter bean (registered by Boot for every request,
 * early, so security and session work count too), plus the findings log. The unit is named by the Spring MVC
 * route template ({@code GET /owners/{ownerId}}) once the handler mapping knows it.
 */
final class RequestUnitFilter implements Filter, Ordered {
    /** Right after Boot's character-encoding filter, before Spring Security (-100) and the request-context filter. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private final DiagnosticsFilter delegate;
    private final FindingsLog findings;

    RequestUnitFilter(Diagnostics diagnostics, FindingsLog findings) {
        this.delegate = new DiagnosticsFilter(diagnostics);
        this.findings = findings;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getAttribute(DiagnosticsFilter.UNIT_ATTRIBUTE) != null) {
            chain.doFilter(request, response); // an error or include dispatch inside a request already counted
            return;
        }
        try {
            delegate.doFilter(request, response, chain);
        } finally {
            if (request.getAttribute(DiagnosticsFilter.UNIT_ATTRIBUTE) instanceof UnitScope unit) {
                findings.log(unit.end()); // end() is idempotent: the report the filter made
            }
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
