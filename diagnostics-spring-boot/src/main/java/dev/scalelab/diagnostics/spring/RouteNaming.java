package dev.scalelab.diagnostics.spring;

import dev.scalelab.diagnostics.UnitScope;
import dev.scalelab.diagnostics.http.DiagnosticsFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Renames the request's unit to its route template ({@code GET /owners/{ownerId}}) as soon as Spring MVC has
 * matched the handler, so the controller, the view and the tasks they hand over already run in a unit of that
 * name (the filter only knows the path when the request starts).
 */
final class RouteNaming implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                if (request.getAttribute(DiagnosticsFilter.UNIT_ATTRIBUTE) instanceof UnitScope unit
                        && request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String) {
                    unit.rename(DiagnosticsFilter.defaultUnitName(request));
                }
                return true;
            }
        });
    }
}
