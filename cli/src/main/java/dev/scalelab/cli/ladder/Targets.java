package dev.scalelab.cli.ladder;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Where load may go: this machine (loopback) by default, another host (a staging server) only when the user says so
 * with {@code --allow-remote}. Shared by ladder steps, {@code run} and the gate, so every command answers the same.
 */
public final class Targets {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private Targets() {
    }

    /**
     * Checks {@code url}: an http(s) URL of this machine, or of any host when {@code allowRemote}.
     *
     * @throws IllegalArgumentException with one line saying what was found and what to do
     */
    public static void check(String url, boolean allowRemote) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL; give http://127.0.0.1:PORT or "
                    + "http://localhost:PORT");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + url + "' is not an http:// or https:// URL with a host; give "
                    + "http://127.0.0.1:PORT or http://localhost:PORT");
        }
        if (!allowRemote && !isLoopback(url)) {
            throw new IllegalArgumentException("load tests target loopback only: " + url + " is on host "
                    + uri.getHost() + ", not this machine; give http://127.0.0.1:PORT or http://localhost:PORT, or add "
                    + "--allow-remote to load another host (e.g. a staging server you own)");
        }
    }

    /** Whether {@code url} names this machine. */
    public static boolean isLoopback(String url) {
        try {
            String host = new URI(url).getHost();
            return host != null && (LOOPBACK.contains(host.toLowerCase(Locale.ROOT)) || host.startsWith("127."));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** {@code url} without trailing slashes, so paths append to it. */
    public static String base(String url) {
        return url.replaceAll("/+$", "");
    }
}
