package dev.scalelab.cli.proc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up's requests against a server that records them; the "app" process is a placeholder. */
class AppWarmUpTest {

    @TempDir
    Path dir;

    @Test
    void the_warm_up_requests_what_it_is_given_and_nothing_once_told_to_stop() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().containsKey("Cookie"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try (AppProcess app = AppProcess.start(List.of("sleep", "30"), url, dir.resolve("app.log"), Optional.empty())) {
            assertThat(app.fillCache(List.of("/articles/2000", "/users/1"), () -> false)).isTrue();
            // filled a few at a time: all answered when it returns, in any order
            assertThat(seen).containsExactlyInAnyOrder("GET /articles/2000 false", "GET /users/1 false");

            assertThat(app.warmUp(1, () -> false)).isTrue();
            assertThat(seen).hasSize(2 + 7).contains("POST /articles/1/comments false", "GET /login false");

            seen.clear();
            assertThat(app.fillCache(List.of("/articles/2000"), () -> true)).isFalse();
            assertThat(app.warmUp(3, () -> true)).isFalse();
            assertThat(seen).as("nothing once told to stop").isEmpty();

            AtomicInteger asked = new AtomicInteger();
            assertThat(app.fillCache(List.of("/a", "/b", "/c"), () -> asked.incrementAndGet() > 2)).isFalse();
            assertThat(seen).as("stops between requests").containsExactlyInAnyOrder("GET /a false", "GET /b false");
        } finally {
            server.stop(0);
        }
    }
}
