package dev.scalelab.loadtests.yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * One YAML file read strictly: the node tree of the file plus the list of problems found while a parser walks it.
 * Typed reads ({@link YamlNode}) record a problem and go on, so a parser can list every mistake at once; it calls
 * {@link #failIfAny()} before it builds its values. Every problem reads {@code file:line:column: what is wrong
 * (what is allowed)}.
 *
 * <p>Shared by ladder files and workload files. Not thread-safe: one parser walks one document.
 */
public final class YamlDocument {

    /** The largest file read, in bytes: far above any ladder or workload file, far below what strains memory. */
    public static final int MAX_BYTES = 3 * 1024 * 1024;
    /** The deepest nesting of lists and mappings: a ladder or workload file needs five or six levels. */
    public static final int MAX_DEPTH = 50;
    /** Aliases to lists or mappings in one file: a few shared blocks, never an alias bomb. */
    public static final int MAX_ALIASES = 20;

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{vars\\.([^}]*)}");

    private final String source;
    private final List<String> problems = new ArrayList<>();
    private Map<String, String> variables;
    private final YamlNode root;

    private YamlDocument(String source, Node root) {
        this.source = source;
        this.root = new YamlNode(this, root);
    }

    /**
     * Parses {@code yaml}; {@code source} names it in messages (a file name).
     *
     * @throws YamlFileException when the text is not YAML or holds no document
     */
    public static YamlDocument parse(String source, String yaml) {
        if (yaml.length() > MAX_BYTES) {
            throw new YamlFileException(List.of(source + ": " + yaml.length() + " characters, over the limit of "
                    + MAX_BYTES + " (3 MB) for a YAML file here"));
        }
        LoadSettings settings = LoadSettings.builder().setLabel(source)
                .setCodePointLimit(MAX_BYTES)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false)
                .build();
        try (Reader r = new StringReader(yaml)) {
            checkDepth(source, yaml, settings);
            Node node = new Compose(settings).composeReader(r)
                    .orElseThrow(() -> new YamlFileException(List.of(source + ": the file is empty")));
            return new YamlDocument(source, node);
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().orElse(null);
            throw new YamlFileException(List.of(source + (m == null ? "" : ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1))
                    + ": not valid YAML: " + e.getProblem()));
        } catch (YamlEngineException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Number of aliases")) {
                throw new YamlFileException(List.of(source + ": more than " + MAX_ALIASES + " aliases (*name) to lists "
                        + "or mappings; write the repeated parts out (a file that expands aliases this much is refused)"));
            }
            if (message.contains("Recursive key")) {
                throw new YamlFileException(List.of(source + ": a key refers to itself through an alias; write it out"));
            }
            throw new YamlFileException(List.of(source + ": not valid YAML: " + message.lines().findFirst().orElse("")));
        } catch (IOException e) {
            throw new YamlFileException(List.of(source + ": cannot read it (" + e.getMessage() + ")"));
        }
    }

    /**
     * Walks the parser's events, which needs no recursion, before the node tree is built, which does: a file nested
     * thousands deep is refused at its first level too deep instead of overflowing the stack.
     */
    private static void checkDepth(String source, String yaml, LoadSettings settings) {
        int depth = 0;
        for (Event e : new Parse(settings).parseString(yaml)) {
            Event.ID id = e.getEventId();
            if (id == Event.ID.MappingStart || id == Event.ID.SequenceStart) {
                if (++depth > MAX_DEPTH) {
                    String where = e.getStartMark().map(m -> ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse("");
                    throw new YamlFileException(List.of(source + where + ": nested deeper than " + MAX_DEPTH
                            + " levels of lists and mappings; a ladder or workload file needs a few"));
                }
            } else if (id == Event.ID.MappingEnd || id == Event.ID.SequenceEnd) {
                depth--;
            }
        }
    }

    /**
     * Reads and parses {@code file} (UTF-8).
     *
     * @throws YamlFileException when it is missing, unreadable, not YAML or empty
     */
    public static YamlDocument read(Path file) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new YamlFileException(List.of(file + ": is a folder; give the YAML file"));
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new YamlFileException(List.of(file + ": " + String.format(java.util.Locale.ROOT, "%.1f", size / 1048576.0)
                        + " MB, over the limit of 3 MB for a YAML file here; is it the right file?"));
            }
            try (java.io.InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1); // a file that grows while read is still bounded
            }
            if (bytes.length > MAX_BYTES) {
                throw new YamlFileException(List.of(file + ": over the limit of 3 MB for a YAML file here"));
            }
        } catch (NoSuchFileException e) {
            throw new YamlFileException(List.of(file + ": no such file"));
        } catch (IOException e) {
            throw new YamlFileException(List.of(file + ": cannot read it (" + e.getMessage() + ")"));
        }
        return parse(file.toString(), utf8(file, bytes));
    }

    /** {@code bytes} as UTF-8 text; a problem naming the first line that is not. */
    static String utf8(Path file, byte[] bytes) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                .decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new YamlFileException(List.of(file + ":" + line + ": not UTF-8 text (line " + line + "); a YAML file "
                    + "is UTF-8 text"));
        }
        out.flip();
        return out.toString();
    }

    public String source() {
        return source;
    }

    public YamlNode root() {
        return root;
    }

    /** Records a problem at {@code node} ({@code file:line:col: message}) and goes on. */
    public void problem(YamlNode node, String message) {
        problems.add(node.where() + ": " + message);
    }

    /** Records a problem without a position ({@code file: message}). */
    public void problem(String message) {
        problems.add(source + ": " + message);
    }

    /** Records a problem about another file, as given ({@code users.csv:7: ...}). */
    public void problemIn(String fileLineAndMessage) {
        problems.add(fileLineAndMessage);
    }

    /** Records a problem at {@code node} and returns the exception listing every problem so far, for {@code throw}. */
    public YamlFileException failure(YamlNode node, String message) {
        problem(node, message);
        return new YamlFileException(problems);
    }

    /** @throws YamlFileException listing every problem recorded so far, when there is any */
    public void failIfAny() {
        if (!problems.isEmpty()) {
            throw new YamlFileException(problems);
        }
    }

    /**
     * From now on, every single value read replaces {@code ${vars.NAME}} with the variable's value (a name not in
     * {@code variables} is a problem naming the declared ones).
     */
    public void useVariables(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** {@code text} with its variables replaced; unknown ones are reported at {@code at} and left as they are. */
    String substitute(String text, YamlNode at) {
        if (variables == null || text.indexOf("${vars.") < 0) {
            return text;
        }
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null) {
                at.problem("unknown variable '${vars." + m.group(1) + "}' ("
                        + (variables.isEmpty() ? "the file declares none under 'vars:'"
                        : "declared: " + String.join(", ", new TreeSet<>(variables.keySet()))) + ")");
                value = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }
}
