package com.example.vetclinic;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A plain HTTP/1.1 GET that asks for trailers ({@code TE: trailers}) and reads them, which {@code java.net.http}
 * does not expose: the response's headers and trailers, lower-cased names.
 */
final class Trailers {
    record Response(int status, Map<String, String> headers, String body, Map<String, String> trailers) {
    }

    private Trailers() {
    }

    static Response get(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nTE: trailers\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = fields(in);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            Map<String, String> trailers = Map.of();
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size; (size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) > 0; ) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                trailers = fields(in);
            } else {
                body.write(in.readAllBytes());
            }
            return new Response(status, headers, body.toString(StandardCharsets.UTF_8), trailers);
        }
    }

    private static Map<String, String> fields(InputStream in) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line; !(line = line(in)).isEmpty(); ) {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return fields;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
