package dev.scalelab.diagnostics.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a trace, each at most {@link #MAX_LINE_CHARS} long: a longer line is consumed without being held in
 * memory and returned as {@link #TOO_LONG}, so one hostile line cannot exhaust the heap. Read from bytes, every line
 * is decoded as strict UTF-8 on its own, so an undecodable file is reported with the line where it stops being text.
 */
abstract class TraceLines {
    /** The longest line analysed: far above a trace line with a deep stack and many parameters. */
    static final int MAX_LINE_CHARS = 4 * 1024 * 1024;
    /** Returned instead of a line longer than {@link #MAX_LINE_CHARS} (compared by identity). */
    static final String TOO_LONG = new String("(too long)");

    /** The next line without its terminator, {@link #TOO_LONG}, or null at the end. */
    abstract String next() throws IOException;

    static TraceLines of(InputStream in) {
        return new Bytes(in);
    }

    static TraceLines of(Reader in) {
        return new Chars(in);
    }

    private static final class Bytes extends TraceLines {
        private final InputStream in;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int end;
        private byte[] line = new byte[256];
        private long number;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

        Bytes(InputStream in) {
            this.in = in;
        }

        @Override
        String next() throws IOException {
            int len = 0;
            boolean tooLong = false;
            boolean any = false;
            while (true) {
                if (pos == end) {
                    end = in.read(buf);
                    pos = 0;
                    if (end <= 0) {
                        end = 0;
                        if (!any) {
                            return null;
                        }
                        break;
                    }
                }
                any = true;
                byte b = buf[pos++];
                if (b == '\n') {
                    break;
                }
                if (tooLong) {
                    continue;
                }
                // a UTF-8 character is at most 4 bytes, so this bound is never below MAX_LINE_CHARS characters
                if (len >= MAX_LINE_CHARS * 4L) {
                    tooLong = true;
                    continue;
                }
                if (len == line.length) {
                    line = Arrays.copyOf(line, Math.min(line.length * 2, MAX_LINE_CHARS * 4));
                }
                line[len++] = b;
            }
            number++;
            if (tooLong) {
                return TOO_LONG;
            }
            if (len > 0 && line[len - 1] == '\r') {
                len--;
            }
            String s;
            try {
                s = utf8.decode(ByteBuffer.wrap(line, 0, len)).toString();
            } catch (CharacterCodingException e) {
                throw new NotTextException(number);
            }
            if (s.length() > MAX_LINE_CHARS) {
                return TOO_LONG;
            }
            if (line.length > 1 << 20) {
                line = new byte[256]; // do not keep a huge buffer for the rest of the file
            }
            return s;
        }
    }

    private static final class Chars extends TraceLines {
        private final Reader in;
        private final char[] buf = new char[16 * 1024];
        private int pos;
        private int end;

        Chars(Reader in) {
            this.in = in;
        }

        @Override
        String next() throws IOException {
            StringBuilder line = new StringBuilder();
            boolean tooLong = false;
            boolean any = false;
            while (true) {
                if (pos == end) {
                    end = in.read(buf);
                    pos = 0;
                    if (end <= 0) {
                        end = 0;
                        if (!any) {
                            return null;
                        }
                        break;
                    }
                }
                any = true;
                char c = buf[pos++];
                if (c == '\n') {
                    break;
                }
                if (tooLong) {
                    continue;
                }
                if (line.length() >= MAX_LINE_CHARS) {
                    tooLong = true;
                    line = new StringBuilder();
                    continue;
                }
                line.append(c);
            }
            if (tooLong) {
                return TOO_LONG;
            }
            int n = line.length();
            if (n > 0 && line.charAt(n - 1) == '\r') {
                line.setLength(n - 1);
            }
            return line.toString();
        }
    }
}
