package dev.scalelab.loadtests.workload;

import dev.scalelab.loadtests.workload.Workload.Choice;
import dev.scalelab.loadtests.workload.Workload.IdentityProbe;
import dev.scalelab.loadtests.workload.Workload.Journey;
import dev.scalelab.loadtests.workload.Workload.Load;
import dev.scalelab.loadtests.workload.Workload.OneOf;
import dev.scalelab.loadtests.workload.Workload.Param;
import dev.scalelab.loadtests.workload.Workload.Probes;
import dev.scalelab.loadtests.workload.Workload.Repeat;
import dev.scalelab.loadtests.workload.Workload.Request;
import dev.scalelab.loadtests.workload.Workload.SignIn;
import dev.scalelab.loadtests.workload.Workload.Step;
import dev.scalelab.loadtests.workload.Workload.Think;
import dev.scalelab.loadtests.workload.Workload.When;
import dev.scalelab.loadtests.yaml.YamlDocument;
import dev.scalelab.loadtests.yaml.YamlFileException;
import dev.scalelab.loadtests.yaml.YamlMap;
import dev.scalelab.loadtests.yaml.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads workload files ({@code docs/workloads.md}) with the strict YAML reader: every mistake, in the YAML and in the
 * feeder files it names, is listed at once as {@code file:line:column: what is wrong (what is allowed)}; a bad CSV
 * row is {@code file.csv:line: ...}. Template parts ({@code ${feeder.column}}) are checked against the feeders.
 *
 * <p>Variables: {@code vars:} declares names with default values, used as {@code ${vars.name}} in any value of the
 * file; a run overrides them (the simulation properties of the same name, e.g. {@code usersCsv},
 * {@code articleIdMax}), so the built-in story workload reads the dataset of the step that runs it.
 */
public final class WorkloadFiles {

    /** A workload named {@code builtin:NAME} is read from the jar ({@code /workloads/NAME.yaml}). */
    public static final String BUILTIN = "builtin:";
    /** The reference app's story workload. */
    public static final String STORY = BUILTIN + "story";
    /** The reference app's query profile: every route once, anonymous then signed in. */
    public static final String QUERY_PROFILE = BUILTIN + "query-profile";

    static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s)?");
    private static final Pattern TEMPLATE_PART = Pattern.compile("\\$\\{([^}.]*)(?:\\.([^}]*))?}");
    private static final int MAX_FEEDER_RECORDS = 10_000_000;

    private WorkloadFiles() {
    }

    /**
     * Reads a workload: {@code builtin:story}, {@code builtin:query-profile} or a file path.
     *
     * @param vars values for the file's {@code vars} (names it does not declare are ignored)
     * @throws YamlFileException listing every problem
     */
    public static Workload read(String nameOrPath, Map<String, String> vars) {
        if (nameOrPath.startsWith(BUILTIN)) {
            String name = nameOrPath.substring(BUILTIN.length());
            try (InputStream in = WorkloadFiles.class.getResourceAsStream("/workloads/" + name + ".yaml")) {
                if (in == null) {
                    throw new YamlFileException(List.of(nameOrPath + ": no such built-in workload (built in: "
                            + STORY + ", " + QUERY_PROFILE + ")"));
                }
                return parse(nameOrPath, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        Path.of("").toAbsolutePath(), vars);
            } catch (IOException e) {
                throw new YamlFileException(List.of(nameOrPath + ": cannot read it (" + e.getMessage() + ")"));
            }
        }
        return read(Path.of(nameOrPath), vars);
    }

    /** Reads a workload file; relative feeder files are read from its folder. */
    public static Workload read(Path file, Map<String, String> vars) {
        YamlDocument doc = YamlDocument.read(file);
        return new Parser(doc, file.toAbsolutePath().getParent(), vars).workload();
    }

    /** Parses {@code yaml}; relative feeder files are read from {@code baseDir}. */
    public static Workload parse(String source, String yaml, Path baseDir, Map<String, String> vars) {
        return new Parser(YamlDocument.parse(source, yaml), baseDir, vars).workload();
    }

    private static final class Parser {
        private final YamlDocument doc;
        private final Path baseDir;
        private final Map<String, String> overrides;
        private final List<Feeder> feeders = new ArrayList<>();
        /** Feeders declared but unusable (already reported): templates naming them say nothing more. */
        private final Set<String> broken = new java.util.HashSet<>();
        private boolean hasSignIn;
        private boolean hasSignOut;

        Parser(YamlDocument doc, Path baseDir, Map<String, String> overrides) {
            this.doc = doc;
            this.baseDir = baseDir;
            this.overrides = overrides;
        }

        Workload workload() {
            YamlMap top = doc.root().map("the workload", Set.of("name", "vars", "load", "probes", "feeders", "signIn",
                    "signOut", "journeys"));
            if (!top.node().isMapping()) {
                doc.failIfAny();
            }
            Map<String, String> vars = vars(top.value("vars"));
            doc.useVariables(vars);
            String name = top.text("name", "workload");
            Load load = top.get("load").map(this::load).orElse(Load.DEFAULT);
            top.get("feeders").ifPresent(this::feeders);
            Optional<SignIn> signIn = top.get("signIn").map(this::signIn);
            hasSignIn = signIn.isPresent();
            hasSignOut = top.has("signOut");
            Probes probes = top.get("probes").map(n -> probes(n, signIn)).orElse(Probes.DEFAULT);
            Optional<Request> signOut = top.get("signOut").map(n -> request(n, "'signOut'", false));
            if (signOut.isPresent() && signIn.isEmpty()) {
                top.keyNode("signOut").problem("'signOut' ends a signed-in visit: it needs 'signIn' too");
            }
            List<Journey> journeys = new ArrayList<>();
            YamlNode journeysNode = top.required("journeys", "a list of journeys, each with a name, a share and requests");
            if (journeysNode != null) {
                List<YamlNode> items = journeysNode.list("'journeys'");
                if (journeysNode.isList() && items.isEmpty()) {
                    journeysNode.problem("'journeys' must list at least one journey");
                }
                Set<String> names = new java.util.HashSet<>();
                for (YamlNode item : items) {
                    Journey j = journey(item);
                    if (j != null && !names.add(j.name())) {
                        item.problem("two journeys are named '" + j.name() + "'; journey names must be unique");
                    }
                    if (j != null) {
                        journeys.add(j);
                    }
                }
            }
            doc.failIfAny();
            Map<String, Feeder> byName = new LinkedHashMap<>();
            feeders.forEach(f -> byName.put(f.name(), f));
            return new Workload(name, doc.source(), load, probes, byName, signIn, signOut, journeys, vars);
        }

        Map<String, String> vars(YamlNode n) {
            Map<String, String> vars = new LinkedHashMap<>();
            if (n == null) {
                return vars;
            }
            for (Map.Entry<String, YamlNode> e : n.map("'vars'", null).entries().entrySet()) {
                String value = overrides.get(e.getKey());
                if (value == null) {
                    value = e.getValue().text("'" + e.getKey() + "'");
                }
                vars.put(e.getKey(), value == null ? "" : value.strip());
            }
            return vars;
        }

        Load load(YamlNode n) {
            YamlMap m = n.map("'load'", Set.of("rate", "warmupSec", "durationSec", "drainSec", "seed", "visitors"));
            Load d = Load.DEFAULT;
            double rate = m.number("rate", d.rate(), 0.001, 100_000);
            return new Load(rate, (int) m.whole("warmupSec", d.warmupSec(), 0, 86_400),
                    (int) m.whole("durationSec", d.durationSec(), 1, 86_400), (int) m.whole("drainSec", d.drainSec(), 0, 86_400),
                    m.whole("seed", d.seed(), Long.MIN_VALUE / 2, Long.MAX_VALUE / 2),
                    (int) m.whole("visitors", 0, 0, 100_000));
        }

        Probes probes(YamlNode n, Optional<SignIn> signIn) {
            YamlMap m = n.map("'probes'", Set.of("health", "cache", "identity"));
            String health = m.text("health", Probes.DEFAULT.health());
            if (!health.startsWith("/")) {
                m.value("health").problem("'health' must be a path starting with '/' (was '" + health + "')");
            }
            List<String> cache = Probes.DEFAULT.cache();
            if (m.has("cache")) {
                cache = new ArrayList<>();
                for (YamlNode h : m.value("cache").listOrOne("'cache'")) {
                    String header = h.text("a cache header");
                    if (header != null && !header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                        h.problem("'" + header + "' is not a header name (e.g. X-Cache, X-Cache-Status, CF-Cache-Status)");
                    } else if (header != null) {
                        cache.add(header);
                    }
                }
            }
            Optional<IdentityProbe> identity = m.get("identity").map(i -> identity(i, signIn));
            return new Probes(health, cache, identity);
        }

        IdentityProbe identity(YamlNode n, Optional<SignIn> signIn) {
            YamlMap m = n.map("'identity'", Set.of("regex", "css", "column", "anonymous"));
            String regex = null;
            if (m.has("regex") == m.has("css")) {
                n.problem("'identity' needs one of 'regex' (group 1 is the identity a page shows) or 'css' (a selector "
                        + "whose text is the identity)");
            } else if (m.has("regex")) {
                regex = m.text("regex", null);
                if (regex != null) {
                    try {
                        if (Pattern.compile(regex).matcher("").groupCount() < 1) {
                            m.value("regex").problem("'regex' needs a group: group 1 is the identity a page shows");
                        }
                    } catch (PatternSyntaxException e) {
                        m.value("regex").problem("'regex' is not a regular expression: " + e.getDescription());
                    }
                }
            } else {
                String css = m.text("css", null);
                regex = css == null ? null : Selectors.toRegex(css);
                if (css != null && regex == null) {
                    m.value("css").problem("'css' supports one simple selector: tag, #id, .class, tag#id or tag.class "
                            + "(was '" + css + "'); use 'regex' for anything else");
                }
            }
            String column = m.text("column", null);
            Optional<String> anonymous = m.has("anonymous") ? Optional.of(m.text("anonymous", "")) : Optional.empty();
            if (signIn.isPresent()) {
                Feeder users = find(signIn.get().feeder());
                if (column == null) {
                    n.problem("'identity' needs 'column': the column of feeder '" + signIn.get().feeder()
                            + "' a signed-in page must show");
                } else if (users != null && users.column(column) < 0) {
                    m.value("column").problem("feeder '" + users.name() + "' has no column '" + column + "' (columns: "
                            + String.join(", ", users.columns()) + ")" + users.headerHint());
                }
            } else if (anonymous.isEmpty()) {
                n.problem("'identity' has nothing to check: without 'signIn' every visitor is anonymous, so give "
                        + "'anonymous' (what an anonymous page shows; '' for no marker) or remove the probe");
            }
            return new IdentityProbe(regex == null ? "(x)" : regex, column == null ? "" : column, anonymous);
        }

        void feeders(YamlNode n) {
            for (Map.Entry<String, YamlNode> e : n.map("'feeders'", null).entries().entrySet()) {
                String name = e.getKey();
                if (!NAME.matcher(name).matches() || name.equals("vars")) {
                    e.getValue().problem("feeder name '" + name + "' must start with a letter and hold letters, digits, "
                            + "'_' or '-' ('vars' is taken)");
                    continue;
                }
                Feeder f = feeder(name, e.getValue());
                if (f != null) {
                    feeders.add(f);
                } else {
                    broken.add(name);
                }
            }
        }

        Feeder feeder(String name, YamlNode n) {
            String what = "feeder '" + name + "'";
            YamlMap m = n.map(what, Set.of("csv", "header", "columns", "range", "list", "order", "hot"));
            int sources = (m.has("csv") ? 1 : 0) + (m.has("range") ? 1 : 0) + (m.has("list") ? 1 : 0);
            if (sources != 1) {
                n.problem(what + " needs exactly one of 'csv' (a file), 'range' ([from, to]) or 'list' ([values])");
                return null;
            }
            Feeder.Order order = Feeder.Order.RANDOM;
            if (m.has("order")) {
                String o = m.value("order").oneOf("order", Feeder.Order.keys());
                order = o == null ? order : Feeder.Order.of(o);
            }
            Feeder.Hot hot = Feeder.Hot.NONE;
            if (m.has("hot")) {
                YamlMap h = m.value("hot").map("'hot'", Set.of("share", "count", "from"));
                String from = h.has("from") ? h.value("from").oneOf("from", List.of("first", "last")) : "last";
                hot = new Feeder.Hot(h.number("share", 0, 0, 1), (int) h.whole("count", 0, 0, MAX_FEEDER_RECORDS),
                        !"first".equals(from));
                if (order != Feeder.Order.RANDOM && hot.on()) {
                    m.keyNode("hot").problem("'hot' applies to random draws; " + what + " is " + order.key());
                }
            }
            if (!m.has("csv")) {
                for (String key : List.of("header", "columns")) {
                    if (m.has(key)) {
                        m.keyNode(key).problem("'" + key + "' describes a CSV file; " + what + " has none");
                    }
                }
            }
            if (m.has("range")) {
                List<YamlNode> bounds = m.value("range").list("'range'");
                if (m.value("range").isList() && bounds.size() != 2) {
                    m.value("range").problem("'range' must be [from, to], two whole numbers");
                    return null;
                }
                if (bounds.size() != 2) {
                    return null;
                }
                long lo = bounds.get(0).whole("range", Long.MIN_VALUE / 4, Long.MAX_VALUE / 4);
                long hi = bounds.get(1).whole("range", Long.MIN_VALUE / 4, Long.MAX_VALUE / 4);
                if (hi < lo || hi - lo >= MAX_FEEDER_RECORDS) {
                    m.value("range").problem("'range' must be [from, to] with from <= to and at most "
                            + MAX_FEEDER_RECORDS + " values (was [" + lo + ", " + hi + "])");
                    return null;
                }
                return Feeder.range(name, lo, hi, order, hot);
            }
            if (m.has("list")) {
                List<String[]> rows = new ArrayList<>();
                for (YamlNode v : m.value("list").list("'list'")) {
                    String t = v.text("a list value");
                    rows.add(new String[] {t == null ? "" : t});
                }
                if (m.value("list").isList() && rows.isEmpty()) {
                    m.value("list").problem("'list' must hold at least one value");
                    return null;
                }
                return Feeder.rows(name, List.of("value"), order, hot, rows, "");
            }
            return csv(name, m, order, hot);
        }

        Feeder csv(String name, YamlMap m, Feeder.Order order, Feeder.Hot hot) {
            YamlNode csvNode = m.value("csv");
            String fileName = csvNode.text("'csv'");
            boolean header = m.flag("header", true);
            List<String> columns = new ArrayList<>();
            if (m.has("columns")) {
                if (header) {
                    m.keyNode("columns").problem("'columns' names the columns of a CSV without a header line: say "
                            + "'header: false' too, or drop 'columns' and let the header line name them");
                }
                for (YamlNode c : m.value("columns").list("'columns'")) {
                    String col = c.text("a column name");
                    if (col != null) {
                        columns.add(col);
                    }
                }
            } else if (!header) {
                m.keyNode("header").problem("a CSV without a header line ('header: false') needs 'columns: [...]', "
                        + "the names of its columns in order");
                return null;
            }
            if (fileName == null) {
                return null;
            }
            Path file = baseDir.resolve(fileName).normalize();
            if (!Files.isRegularFile(file)) {
                csvNode.problem("no feeder file " + file + " (relative names are read from the workload file's folder)");
                return null;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                csvNode.problem("cannot read feeder file " + file + " (" + e.getMessage() + ")");
                return null;
            }
            int first = 0;
            while (first < lines.size() && lines.get(first).isBlank()) {
                first++;
            }
            String hint = "";
            if (header) {
                if (first >= lines.size()) {
                    csvNode.problem("feeder file " + file + " is empty; expected a header line naming its columns");
                    return null;
                }
                for (String col : Csv.fields(lines.get(first))) {
                    columns.add(col.strip());
                }
                Set<String> seen = new java.util.HashSet<>();
                for (String col : columns) {
                    if (col.isEmpty() || !seen.add(col)) {
                        csvNode.problem(file + ":" + (first + 1) + ": the header line must name every column once (was '"
                                + lines.get(first) + "'); if the file has no header line, say 'header: false' and name "
                                + "its 'columns'");
                        return null;
                    }
                }
                hint = "; its header line is '" + lines.get(first) + "': if " + file.getFileName()
                        + " has no header line, say 'header: false' and name its 'columns'";
                first++;
            }
            List<String[]> rows = new ArrayList<>();
            int bad = 0;
            for (int i = first; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = Csv.fields(line);
                if (fields.size() != columns.size()) {
                    if (bad++ < 5) {
                        doc.problemIn(file + ":" + (i + 1) + ": " + fields.size() + " field" + (fields.size() == 1 ? "" : "s")
                                + ", expected " + columns.size() + " (" + String.join(", ", columns) + ") for feeder '"
                                + name + "' (" + csvNode.where() + ")");
                    }
                    continue;
                }
                rows.add(fields.toArray(String[]::new));
            }
            if (bad > 5) {
                doc.problemIn(file + ": " + (bad - 5) + " more rows with the wrong number of fields");
            }
            if (rows.isEmpty() && bad == 0) {
                csvNode.problem("feeder file " + file + " has no records" + (header ? " after its header line (if it "
                        + "has no header line, say 'header: false' and name its 'columns')" : ""));
            }
            // kept even when broken (the problems stop the run), so templates are checked against its columns
            return Feeder.rows(name, columns, order, hot, rows, hint);
        }

        SignIn signIn(YamlNode n) {
            YamlMap m = n.map("'signIn'", Set.of("feeder", "share", "form", "formPage", "bearer", "think"));
            String feederName = m.text("feeder", null);
            if (feederName == null) {
                n.problem("'signIn' needs 'feeder': the feeder of the users who sign in");
            } else if (find(feederName) == null) {
                m.value("feeder").problem("'signIn' names no feeder '" + feederName + "' (feeders: "
                        + String.join(", ", feeders.stream().map(Feeder::name).toList()) + ")");
            }
            double share = m.number("share", 1, 0, 1);
            Think think = m.has("think") ? think(m.value("think")) : Think.NONE;
            if (m.has("form") == m.has("bearer")) {
                n.problem("'signIn' needs one of 'form' (a form POST) or 'bearer' (a token sent as 'Authorization: "
                        + "Bearer ...' on every request of the visit)");
            }
            Optional<Request> formPage = Optional.empty();
            if (m.has("formPage")) {
                String path = m.text("formPage", "/");
                formPage = Optional.of(new Request("GET " + path, "GET", template(path, m.value("formPage")), List.of(),
                        List.of(), List.of(), Optional.empty(), 200, think, List.of(), true, When.ALWAYS, null, null));
            }
            Optional<Request> form = Optional.empty();
            if (m.has("form")) {
                YamlMap f = m.value("form").map("'form'", Set.of("name", "path", "fields", "expect", "audience"));
                String path = f.text("path", null);
                if (path == null) {
                    f.node().problem("'form' needs 'path': where the sign-in form posts");
                    path = "/";
                }
                List<Param> fields = f.has("fields") ? params(f.value("fields"), "'fields'") : List.of();
                int expect = (int) f.whole("expect", 200, 100, 599);
                form = Optional.of(new Request(f.text("name", "POST " + routeOf(path)), "POST",
                        template(path, f.has("path") ? f.value("path") : f.node()), List.of(), List.of(), fields,
                        Optional.empty(), expect, think, List.of(), false, When.ALWAYS, f.text("audience", null), null));
            }
            Optional<Template> bearer = m.has("bearer")
                    ? Optional.of(template(m.text("bearer", ""), m.value("bearer"))) : Optional.empty();
            return new SignIn(feederName == null ? "" : feederName, share, formPage, form, bearer, think);
        }

        Journey journey(YamlNode n) {
            YamlMap m = n.map("a journey", Set.of("name", "share", "requests"));
            if (!n.isMapping()) {
                return null;
            }
            String name = m.text("name", "journey");
            double share = m.number("share", 1, 0, 1_000_000);
            if (m.has("share") && share == 0) {
                m.value("share").problem("'share' must be above 0 (a journey nobody takes: remove it)");
            }
            YamlNode requests = m.required("requests", "the journey's requests, in order");
            List<Step> steps = requests == null ? List.of() : steps(requests);
            if (requests != null && requests.isList() && steps.isEmpty()) {
                requests.problem("'requests' must list at least one request");
            }
            return new Journey(name, share, steps);
        }

        List<Step> steps(YamlNode n) {
            List<Step> out = new ArrayList<>();
            for (YamlNode item : n.list("'requests'")) {
                Step s = step(item);
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }

        Step step(YamlNode n) {
            if (n.isScalar() && !n.isNull()) {
                String mark = n.text("a step");
                if ("signIn".equals(mark) || "signOut".equals(mark)) {
                    boolean in = mark.equals("signIn");
                    if (in ? !hasSignIn : !hasSignOut) {
                        n.problem("'- " + mark + "' needs a top-level '" + mark + ":' saying how");
                    }
                    return new Workload.Marker(in ? Workload.Marker.Kind.SIGN_IN : Workload.Marker.Kind.SIGN_OUT,
                            When.ALWAYS);
                }
            }
            if (!n.isMapping()) {
                n.problem("a request must be a mapping (get/post/... with name, expect, think), repeat:, oneOf:, "
                        + "or one of the steps signIn and signOut");
                return null;
            }
            YamlMap peek = n.map("a request", null);
            if (peek.has("repeat")) {
                YamlMap m = n.map("a repeat", Set.of("repeat", "when"));
                YamlMap r = m.value("repeat").map("'repeat'", Set.of("times", "requests"));
                int[] times = times(r.required("times", "how often: 3 or a range 2..5"));
                YamlNode requests = r.required("requests", "the requests repeated");
                return new Repeat(times[0], times[1], requests == null ? List.of() : steps(requests), when(m));
            }
            if (peek.has("oneOf")) {
                YamlMap m = n.map("a oneOf", Set.of("oneOf", "when"));
                List<Choice> choices = new ArrayList<>();
                for (YamlNode c : m.value("oneOf").list("'oneOf'")) {
                    YamlMap cm = c.map("a choice of 'oneOf'", Set.of("weight", "requests"));
                    double weight = cm.number("weight", 1, 0, 1_000_000);
                    YamlNode requests = cm.value("requests");
                    choices.add(new Choice(weight, requests == null ? List.of() : steps(requests)));
                }
                if (choices.isEmpty() && m.value("oneOf").isList()) {
                    m.value("oneOf").problem("'oneOf' needs at least one choice: {weight: 0.4, requests: [...]}");
                }
                return new OneOf(choices, when(m));
            }
            return request(n, "a request", true);
        }

        When when(YamlMap m) {
            if (!m.has("when")) {
                return When.ALWAYS;
            }
            String w = m.value("when").oneOf("when", List.of("always", "signed-in", "anonymous"));
            return w == null ? When.ALWAYS : When.valueOf(w.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        Request request(YamlNode n, String what, boolean inJourney) {
            Set<String> keys = new java.util.HashSet<>(Set.of("name", "query", "headers", "form", "json", "expect",
                    "think", "feed", "identity", "when", "audience", "ifUnused"));
            keys.addAll(METHODS);
            if (!inJourney) {
                keys.add("method");
                keys.add("path");
            }
            YamlMap m = n.map(what, keys);
            String method = null;
            YamlNode pathNode = null;
            for (String verb : METHODS) {
                if (m.has(verb)) {
                    if (method != null) {
                        m.keyNode(verb).problem(what + " has two methods ('" + method.toLowerCase(Locale.ROOT) + "' and '"
                                + verb + "'); one per request");
                    }
                    method = verb.toUpperCase(Locale.ROOT);
                    pathNode = m.value(verb);
                }
            }
            if (!inJourney && m.has("path")) {
                if (method != null) {
                    m.keyNode("path").problem(what + " gives its path twice ('path' and '" + method.toLowerCase(Locale.ROOT) + "')");
                }
                String v = m.has("method") ? m.value("method").oneOf("method", List.of("GET", "POST", "PUT", "PATCH", "DELETE")) : "POST";
                method = v == null ? "POST" : v;
                pathNode = m.value("path");
            }
            if (method == null) {
                n.problem(what + " needs a method and path: one of get:, post:, put:, patch:, delete: (e.g. 'get: /owners/${owners.id}')"
                        + (inJourney ? ", or repeat: / oneOf:" : ""));
                return null;
            }
            String path = pathNode.text("the path");
            if (path == null) {
                return null;
            }
            if (!path.startsWith("/")) {
                pathNode.problem("the path must start with '/' (was '" + path + "'); the base URL is the run's");
            }
            Template pathTemplate = template(path, pathNode);
            String name = m.text("name", method + " " + routeOf(path));
            List<Param> query = m.has("query") ? params(m.value("query"), "'query'") : List.of();
            List<Param> headers = m.has("headers") ? params(m.value("headers"), "'headers'") : List.of();
            List<Param> form = m.has("form") ? params(m.value("form"), "'form'") : List.of();
            Optional<Template> json = Optional.empty();
            if (m.has("json")) {
                if (m.has("form")) {
                    m.keyNode("json").problem(what + " has both 'form' and 'json'; a request has one body");
                }
                json = Optional.of(template(Json.of(m.value("json")), m.value("json")));
            }
            int expect = (int) m.whole("expect", 200, 100, 599);
            Think think = m.has("think") ? think(m.value("think")) : Think.NONE;
            List<String> feed = new ArrayList<>();
            if (m.has("feed")) {
                for (YamlNode f : m.value("feed").listOrOne("'feed'")) {
                    String fn = f.text("a feeder name");
                    if (fn != null && find(fn) == null) {
                        f.problem("'feed' names no feeder '" + fn + "' (feeders: "
                                + String.join(", ", feeders.stream().map(Feeder::name).toList()) + ")");
                    } else if (fn != null) {
                        feed.add(fn);
                    }
                }
            }
            boolean identity = m.flag("identity", method.equals("GET"));
            String ifUnused = m.text("ifUnused", null);
            if (ifUnused != null && find(ifUnused) == null) {
                m.value("ifUnused").problem("'ifUnused' names no feeder '" + ifUnused + "' (feeders: "
                        + String.join(", ", feeders.stream().map(Feeder::name).toList()) + ")");
                ifUnused = null;
            }
            return new Request(name, method, pathTemplate, query, headers, form, json, expect, think, feed, identity,
                    when(m), m.text("audience", null), ifUnused);
        }

        List<Param> params(YamlNode n, String what) {
            List<Param> out = new ArrayList<>();
            for (Map.Entry<String, YamlNode> e : n.map(what, null).entries().entrySet()) {
                String v = e.getValue().text("'" + e.getKey() + "'");
                if (v != null) {
                    out.add(new Param(e.getKey(), template(v, e.getValue())));
                }
            }
            return out;
        }

        Template template(String text, YamlNode at) {
            return Template.parse(text, feeders, broken, at::problem);
        }

        Think think(YamlNode n) {
            String v = n.text("'think'");
            if (v == null) {
                return Think.NONE;
            }
            String[] parts = v.split("\\.\\.", -1);
            if (parts.length > 2) {
                n.problem("'think' must be a time (2s, 500ms) or a range (1s..3s) (was '" + v + "')");
                return Think.NONE;
            }
            long lo = millis(parts[0], n, v);
            long hi = parts.length == 2 ? millis(parts[1], n, v) : lo;
            if (lo < 0 || hi < 0) {
                return Think.NONE;
            }
            if (hi < lo) {
                n.problem("'think' range must go from the shorter time to the longer (was '" + v + "')");
                return Think.NONE;
            }
            return new Think(lo, hi);
        }

        private long millis(String text, YamlNode n, String whole) {
            Matcher m = DURATION.matcher(text.strip());
            if (!m.matches() || m.group(2) == null && Double.parseDouble(m.group(1)) != 0) {
                n.problem("'think' must be a time (2s, 500ms) or a range (1s..3s) (was '" + whole + "')");
                return -1;
            }
            double value = Double.parseDouble(m.group(1));
            long ms = Math.round("s".equals(m.group(2)) ? value * 1000 : value);
            if (ms > 3_600_000) {
                n.problem("'think' must be at most 1 hour (was '" + whole + "')");
                return -1;
            }
            return ms;
        }

        int[] times(YamlNode n) {
            if (n == null) {
                return new int[] {1, 1};
            }
            String v = n.text("'times'");
            if (v == null) {
                return new int[] {1, 1};
            }
            Matcher m = Pattern.compile("(\\d{1,6})(?:\\s*\\.\\.\\s*(\\d{1,6}))?").matcher(v);
            if (!m.matches()) {
                n.problem("'times' must be a whole number (3) or a range (2..5) (was '" + v + "')");
                return new int[] {1, 1};
            }
            int lo = Integer.parseInt(m.group(1));
            int hi = m.group(2) == null ? lo : Integer.parseInt(m.group(2));
            if (hi < lo) {
                n.problem("'times' range must go from the smaller number to the larger (was '" + v + "')");
                return new int[] {1, 1};
            }
            return new int[] {lo, hi};
        }

        Feeder find(String name) {
            for (Feeder f : feeders) {
                if (f.name().equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** The route template of a path: {@code /owners/${owners.id}} is {@code /owners/{id}}. */
    static String routeOf(String path) {
        Matcher m = TEMPLATE_PART.matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String column = m.group(2) == null || m.group(2).equals("value") ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement("{" + column.strip() + "}"));
        }
        m.appendTail(out);
        int q = out.indexOf("?");
        return q < 0 ? out.toString() : out.substring(0, q);
    }
}
