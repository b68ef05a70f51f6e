package dev.scalelab.app.tasks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal SMTP client: one connection per message, as simple mail senders do. */
public final class SmtpClient {
    private final InetSocketAddress server;

    public SmtpClient(InetSocketAddress server) {
        this.server = server;
    }

    public void send(String from, String to, String subject, String text) {
        try (Socket s = new Socket()) {
            s.connect(server, 2_000);
            s.setSoTimeout(5_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
            expect(in, "220");
            command(out, in, "HELO scalelab", "250");
            command(out, in, "MAIL FROM:<" + from + ">", "250");
            command(out, in, "RCPT TO:<" + to + ">", "250");
            command(out, in, "DATA", "354");
            out.write("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n\r\n");
            out.write(text.replace("\n.", "\n..") + "\r\n.\r\n");
            out.flush();
            expect(in, "250");
            command(out, in, "QUIT", "221");
        } catch (IOException e) {
            throw new UncheckedIOException("SMTP delivery to " + server + " failed: " + e.getMessage(), e);
        }
    }

    private static void command(Writer out, BufferedReader in, String line, String expected) throws IOException {
        out.write(line + "\r\n");
        out.flush();
        expect(in, expected);
    }

    private static void expect(BufferedReader in, String code) throws IOException {
        String reply = in.readLine();
        if (reply == null || !reply.startsWith(code)) {
            throw new IOException("expected SMTP " + code + ", got " + reply);
        }
    }
}
