package dev.scalelab.app.tasks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local SMTP server on a free loopback port that accepts every message and discards it, counting deliveries:
 * the follower notifications do real network I/O without sending mail anywhere. Like a real server, it refuses
 * recipients it has no mailbox for: every address at {@value #BOUNCING_DOMAIN} gets {@code 550}, so failing
 * deliveries (and the queue's retries) can be produced on purpose. And like a greylisting server, it turns away
 * the first attempt for each address at {@value #GREYLISTING_DOMAIN} with {@code 451} (try again later) and
 * accepts the later ones: a failure that a retry gets past.
 */
public final class SmtpSink implements AutoCloseable {
    /** Recipients at this domain are refused with 550 (mailbox unavailable). */
    public static final String BOUNCING_DOMAIN = "bounce.scalelab.test";
    /** The first delivery to each recipient at this domain is refused with 451 (greylisted); later ones pass. */
    public static final String GREYLISTING_DOMAIN = "greylist.scalelab.test";

    private final ServerSocket server;
    private final ExecutorService workers;
    private final AtomicLong delivered = new AtomicLong();
    private final Set<String> greylisted = ConcurrentHashMap.newKeySet();

    private SmtpSink(ServerSocket server) {
        this.server = server;
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "smtp-sink");
            t.setDaemon(true);
            return t;
        });
    }

    public static SmtpSink start() throws IOException {
        ServerSocket ss = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        SmtpSink sink = new SmtpSink(ss);
        Thread acceptor = new Thread(sink::acceptLoop, "smtp-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return sink;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    public long delivered() {
        return delivered.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                workers.execute(() -> session(s));
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                // a failed accept does not stop the sink
            }
        }
    }

    private void session(Socket s) {
        try (s) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.US_ASCII);
            reply(out, "220 scalelab smtp sink");
            String line;
            boolean data = false;
            while ((line = in.readLine()) != null) {
                if (data) {
                    if (line.equals(".")) {
                        data = false;
                        delivered.incrementAndGet();
                        reply(out, "250 OK queued");
                    }
                    continue;
                }
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (cmd) {
                    case "RCPT" -> reply(out, recipient(line));
                    case "HELO", "EHLO", "MAIL", "RSET", "NOOP" -> reply(out, "250 OK");
                    case "DATA" -> {
                        data = true;
                        reply(out, "354 end with .");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 not implemented");
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    /** The reply to {@code RCPT TO:<address>}. */
    private String recipient(String line) {
        String to = line.toLowerCase(Locale.ROOT);
        int open = to.indexOf('<');
        int close = to.indexOf('>', open + 1);
        String address = open >= 0 && close > open ? to.substring(open + 1, close) : to;
        if (address.endsWith("@" + BOUNCING_DOMAIN)) {
            return "550 mailbox unavailable";
        }
        if (address.endsWith("@" + GREYLISTING_DOMAIN) && greylisted.add(address)) {
            return "451 greylisted, try again later";
        }
        return "250 OK";
    }

    private static void reply(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        workers.shutdownNow();
    }
}
