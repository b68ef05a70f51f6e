package dev.scalelab.diagnostics.spring;

import dev.scalelab.diagnostics.http.DiagnosticsEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.util.MimeType;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * {@code /actuator/scalelab}: {@code GET} the per-route snapshot as JSON, {@code DELETE} to take it and reset.
 * The library's {@link DiagnosticsEndpoint} decides: loopback clients only (403), the configured token in
 * {@code X-Scalelab-Token} or {@code Authorization: Bearer} (401), parameters redacted unless
 * {@code scalelab.diagnostics.include-parameters=true}. Web only: never over JMX, which has no client address.
 */
@WebEndpoint(id = "scalelab")
public final class DiagnosticsActuatorEndpoint {
    private final DiagnosticsEndpoint endpoint;

    DiagnosticsActuatorEndpoint(DiagnosticsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @ReadOperation(produces = "application/json")
    public WebEndpointResponse<String> snapshot() {
        return handle("GET");
    }

    @DeleteOperation(produces = "application/json")
    public WebEndpointResponse<String> snapshotAndReset() {
        return handle("DELETE");
    }

    private WebEndpointResponse<String> handle(String method) {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (!(attributes instanceof ServletRequestAttributes servlet)) {
            return new WebEndpointResponse<>("not found", 404);
        }
        HttpServletRequest request = servlet.getRequest();
        DiagnosticsEndpoint.Response response = endpoint.handle(method, request.getRemoteAddr(),
                DiagnosticsPathFilter.token(request));
        return new WebEndpointResponse<>(response.body(), response.status(), MimeType.valueOf(response.contentType()));
    }
}
