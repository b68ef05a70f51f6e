package dev.scalelab.cli.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** memcached on a free loopback port (TCP only), the page cache shared by the app instances of a step. */
public final class Memcached implements AutoCloseable {
    private final ServerProcess server;

    private Memcached(ServerProcess server) {
        this.server = server;
    }

    /** Starts memcached with {@code memoryMb} of cache memory. */
    public static Memcached start(Path dir, int memoryMb) throws IOException {
        Path program = Programs.find(Programs.Server.MEMCACHED).orElseThrow(() ->
                new IllegalStateException(Programs.missingMessage(List.of(Programs.Server.MEMCACHED))));
        Files.createDirectories(dir);
        int port = FreePorts.next();
        List<String> cmd = new ArrayList<>(List.of(program.toString(), "-l", "127.0.0.1", "-p", Integer.toString(port),
                "-U", "0", "-m", Integer.toString(memoryMb), "-c", "1024", "-t", "2", "-I", "2m"));
        if (Programs.runningAsRoot()) {
            cmd.addAll(List.of("-u", Programs.SERVICE_USER));
        }
        ServerProcess s = ServerProcess.start("memcached", cmd, port, dir.resolve("memcached.log"),
                () -> version(port).startsWith("VERSION"), Duration.ofSeconds(15));
        return new Memcached(s);
    }

    /** The server's answer to {@code version}. */
    static String version(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            s.setSoTimeout(2_000);
            OutputStream out = s.getOutputStream();
            out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return line == null ? "" : line;
        }
    }

    /** What the apps get as {@code --memcached}. */
    public String hostPort() {
        return "127.0.0.1:" + server.port();
    }

    public ServerProcess process() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
