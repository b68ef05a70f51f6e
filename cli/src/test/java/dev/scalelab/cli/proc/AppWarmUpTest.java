package dev.scalelab.cli.proc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up's requests against a server that records them; the "app" process is a placeholder. */
class AppWarmUpTest {

    @TempDir
    Path dir;

    @Test
    void the_warm_up_requests_what_it_is_given_and_nothing_after_its_deadline() throws Exception {
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
            app.fillCache(List.of("/articles/2000", "/users/1"), Instant.now().plusSeconds(30));
            assertThat(seen).containsExactly("GET /articles/2000 false", "GET /users/1 false");

            app.warmUp(1, Instant.now().plusSeconds(30));
            assertThat(seen).hasSize(2 + 7).contains("POST /articles/1/comments false", "GET /login false");

            seen.clear();
            app.fillCache(List.of("/articles/2000"), Instant.now().minusSeconds(1));
            app.warmUp(3, Instant.now().minusSeconds(1));
            assertThat(seen).as("nothing after the deadline").isEmpty();
        } finally {
            server.stop(0);
        }
    }
}
