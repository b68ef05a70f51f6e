package dev.scalelab.app.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.exception.MemcachedException;
import net.rubyeye.xmemcached.transcoders.StringTranscoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages in a memcached shared by every app instance (the story's shared cache): one instance renders, the others
 * hit. Keys are hashed (memcached allows 250 bytes without spaces). A path's entries are invalidated together by
 * bumping a per-path generation number that is part of every key of that path, so all instances stop seeing them at
 * once. When memcached does not answer, lookups count as misses and pages are rendered: slower, never wrong.
 */
final class MemcachedPageStore implements PageStore {
    private static final Logger LOG = LoggerFactory.getLogger(MemcachedPageStore.class);
    private static final long OP_TIMEOUT_MS = 500;

    private final MemcachedClient client;
    private final StringTranscoder strings = new StringTranscoder(StandardCharsets.UTF_8.name());
    private final int ttlSeconds;
    private final String server;
    private final AtomicBoolean warned = new AtomicBoolean();

    MemcachedPageStore(String hostPort, Duration ttl) {
        InetSocketAddress address = address(hostPort);
        try {
            XMemcachedClientBuilder b = new XMemcachedClientBuilder(List.of(address));
            b.setConnectionPoolSize(2);
            b.setOpTimeout(OP_TIMEOUT_MS);
            b.setConnectTimeout(2_000);
            this.client = b.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to memcached at " + hostPort + ": " + e.getMessage(), e);
        }
        this.ttlSeconds = (int) Math.max(1, ttl.toSeconds());
        this.server = hostPort;
    }

    /** Parses {@code host:port}; throws {@link IllegalArgumentException} naming the expected form. */
    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || !hostPort.substring(colon + 1).matches("\\d{1,5}")) {
            throw new IllegalArgumentException("--memcached must be HOST:PORT, e.g. 127.0.0.1:11211 (was '" + hostPort + "')");
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @Override
    public String get(String path, String key) {
        try {
            return client.get(pageKey(path, key), OP_TIMEOUT_MS, strings);
        } catch (TimeoutException | MemcachedException | RuntimeException e) {
            unavailable(e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void put(String path, String key, String value) {
        try {
            client.set(pageKey(path, key), ttlSeconds, value, strings, OP_TIMEOUT_MS);
        } catch (TimeoutException | MemcachedException | RuntimeException e) {
            unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void invalidate(String path) {
        try {
            client.incr(generationKey(path), 1, 1, OP_TIMEOUT_MS);
        } catch (TimeoutException | MemcachedException | RuntimeException e) {
            unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The key of one entry: the hash of its path's current generation and its full key. */
    private String pageKey(String path, String key) throws TimeoutException, InterruptedException, MemcachedException {
        String generation = client.get(generationKey(path), OP_TIMEOUT_MS, strings);
        return "p:" + sha256((generation == null ? "0" : generation.trim()) + "\n" + key);
    }

    private static String generationKey(String path) {
        return "g:" + sha256(path);
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("store", "memcached " + server);
        try {
            for (Map<String, String> s : client.getStats(OP_TIMEOUT_MS).values()) {
                m.put("serverGetHits", Long.parseLong(s.getOrDefault("get_hits", "0")));
                m.put("serverGetMisses", Long.parseLong(s.getOrDefault("get_misses", "0")));
                m.put("entries", Long.parseLong(s.getOrDefault("curr_items", "0")));
            }
        } catch (TimeoutException | MemcachedException | RuntimeException e) {
            m.put("serverStats", "unavailable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return m;
    }

    private void unavailable(Exception e) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("memcached at {} did not answer ({}); pages are rendered without the cache until it does", server,
                    e.toString());
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            client.shutdown();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
