package dev.scalelab.app.tasks;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jobrunr.dashboard.JobRunrApiHandler;
import org.jobrunr.dashboard.JobRunrSseHandler;
import org.jobrunr.dashboard.JobRunrStaticFileHandler;
import org.jobrunr.dashboard.server.HttpExchangeHandler;
import org.jobrunr.dashboard.server.http.RedirectHttpHandler;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.ThreadSafeStorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;

/**
 * JobRunr's dashboard (the story's Flower): jobs by state, failures with their stack traces, retries, servers.
 * Served from JobRunr's own handlers on a server of ours, because JobRunr's binds every interface: this one listens
 * on 127.0.0.1 only. Anonymous usage reporting is off, and every page carries a Content-Security-Policy that keeps
 * the browser from calling JobRunr's servers (the page otherwise asks them for the latest version and news).
 */
final class JobDashboard implements AutoCloseable {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; font-src 'self' data:; frame-src 'none'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'";

    private final HttpServer server;
    private final ExecutorService threads;
    private final List<HttpExchangeHandler> handlers;

    private JobDashboard(HttpServer server, ExecutorService threads, List<HttpExchangeHandler> handlers) {
        this.server = server;
        this.threads = threads;
        this.handlers = handlers;
    }

    static JobDashboard start(StorageProvider storage, JsonMapper json, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("the task dashboard cannot listen on 127.0.0.1:" + port + " ("
                    + e.getMessage() + "); choose another --dashboard-port", e);
        }
        StorageProvider safe = new ThreadSafeStorageProvider(storage);
        List<HttpExchangeHandler> handlers = List.of(
                new RedirectHttpHandler("/", "/dashboard"),
                new JobRunrStaticFileHandler(),
                new JobRunrApiHandler(safe, json, false),
                new JobRunrSseHandler(safe, json));
        Filter policy = new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
                chain.doFilter(exchange);
            }

            @Override
            public String description() {
                return "no outbound calls from the dashboard page";
            }
        };
        for (HttpExchangeHandler h : handlers) {
            server.createContext(h.getContextPath(), h).getFilters().add(policy);
        }
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scalelab-task-dashboard");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.start();
        return new JobDashboard(server, threads, handlers);
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        for (HttpExchangeHandler h : handlers) {
            try {
                h.close();
            } catch (RuntimeException e) {
                // closing anyway
            }
        }
        server.stop(0);
        threads.shutdownNow();
    }
}
