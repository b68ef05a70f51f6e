package dev.scalelab.diagnostics.http;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.DiagnosticsSnapshot;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The opt-in diagnostics endpoint, independent of any web framework: the app passes the request
 * method, the client address and the token header, and writes the returned response.
 *
 * <ul>
 *   <li>{@code GET}: the snapshot as JSON (200).</li>
 *   <li>{@code DELETE} (or {@code POST} to a path the app maps to reset): the snapshot as it was,
 *       then {@link Diagnostics#reset()} (200).</li>
 *   <li>Off ({@link #disabled()}): 404 for everyone, so the endpoint's existence is not revealed.</li>
 *   <li>Client not on a loopback address: 403. Token missing or wrong: 401. The token is compared in
 *       constant time and accepted as {@code Authorization: Bearer <token>} or as the raw header value.</li>
 *   <li>Parameter values appear only when {@code includeParameters} is true (and the recorder was
 *       built with {@code includeParameters(true)}).</li>
 * </ul>
 */
public final class DiagnosticsEndpoint {
    /** The header the CLI sends the token in (or {@code Authorization: Bearer}). */
    public static final String TOKEN_HEADER = "X-Scalelab-Token";
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.%a-zA-Z]*:[0-9a-fA-F:.%a-zA-Z]*]?");

    private final Diagnostics diagnostics;
    private final byte[] token;
    private final boolean includeParameters;

    /** What to send back. */
    public record Response(int status, String contentType, String body) {
    }

    private DiagnosticsEndpoint(Diagnostics diagnostics, byte[] token, boolean includeParameters) {
        this.diagnostics = diagnostics;
        this.token = token;
        this.includeParameters = includeParameters;
    }

    /** The default: every request gets 404. */
    public static DiagnosticsEndpoint disabled() {
        return new DiagnosticsEndpoint(null, null, false);
    }

    /**
     * An enabled endpoint.
     *
     * @throws IllegalArgumentException when the token is shorter than 16 characters
     */
    public static DiagnosticsEndpoint enabled(Diagnostics diagnostics, String token, boolean includeParameters) {
        Objects.requireNonNull(diagnostics, "diagnostics");
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("diagnostics endpoint token: expected at least 16 characters, found "
                    + (token == null ? "none" : token.length()) + "; generate one, e.g. with `openssl rand -hex 16`");
        }
        return new DiagnosticsEndpoint(diagnostics, token.getBytes(StandardCharsets.UTF_8), includeParameters);
    }

    public boolean isEnabled() {
        return diagnostics != null;
    }

    /**
     * Handles one request.
     *
     * @param method        HTTP method
     * @param remoteAddress the client's IP address as a literal (host names are refused, never resolved)
     * @param tokenHeader   value of {@value #TOKEN_HEADER} or {@code Authorization}, may be null
     */
    public Response handle(String method, String remoteAddress, String tokenHeader) {
        if (!isEnabled()) {
            return text(404, "not found");
        }
        if (!isLoopback(remoteAddress)) {
            return text(403, "diagnostics endpoint: expected a loopback client (127.0.0.0/8 or ::1), found "
                    + remoteAddress);
        }
        if (!tokenMatches(tokenHeader)) {
            return text(401, "diagnostics endpoint: expected the configured token in " + TOKEN_HEADER
                    + " or Authorization: Bearer, found " + (tokenHeader == null || tokenHeader.isBlank() ? "none" : "a different one"));
        }
        String m = method == null ? "" : method.toUpperCase(java.util.Locale.ROOT);
        switch (m) {
            case "GET":
                return json(diagnostics.snapshot());
            case "DELETE":
            case "POST":
                DiagnosticsSnapshot before = diagnostics.snapshot();
                diagnostics.reset();
                return json(before);
            default:
                return text(405, "diagnostics endpoint: expected GET (snapshot) or DELETE/POST (snapshot and reset), found "
                        + method);
        }
    }

    private Response json(DiagnosticsSnapshot s) {
        return new Response(200, "application/json", s.toJson(includeParameters));
    }

    private static Response text(int status, String body) {
        return new Response(status, "text/plain; charset=utf-8", body);
    }

    private boolean tokenMatches(String header) {
        if (header == null) {
            return false;
        }
        String value = header.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).strip();
        }
        return MessageDigest.isEqual(token, value.getBytes(StandardCharsets.UTF_8));
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank() || !IP_LITERAL.matcher(address).matches()) {
            return false;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
