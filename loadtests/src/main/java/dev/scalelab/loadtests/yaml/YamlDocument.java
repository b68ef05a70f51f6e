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
        try (Reader r = new StringReader(yaml)) {
            Node node = new Compose(LoadSettings.builder().setLabel(source).build()).composeReader(r)
                    .orElseThrow(() -> new YamlFileException(List.of(source + ": the file is empty")));
            return new YamlDocument(source, node);
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().orElse(null);
            throw new YamlFileException(List.of(source + (m == null ? "" : ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1))
                    + ": not valid YAML: " + e.getProblem()));
        } catch (YamlEngineException e) {
            throw new YamlFileException(List.of(source + ": not valid YAML: " + e.getMessage()));
        } catch (IOException e) {
            throw new YamlFileException(List.of(source + ": cannot read it (" + e.getMessage() + ")"));
        }
    }

    /**
     * Reads and parses {@code file} (UTF-8).
     *
     * @throws YamlFileException when it is missing, unreadable, not YAML or empty
     */
    public static YamlDocument read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new YamlFileException(List.of(file + ": no such file"));
        } catch (IOException e) {
            throw new YamlFileException(List.of(file + ": cannot read it (" + e.getMessage() + ")"));
        }
        return parse(file.toString(), text);
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
