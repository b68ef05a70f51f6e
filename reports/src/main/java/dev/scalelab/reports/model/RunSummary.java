package dev.scalelab.reports.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scalelab.reports.ReportException;
import dev.scalelab.reports.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code summary.json} of a run: what every step (and every repeat of it) measured.
 * The ladder builds it and calls {@link #write}; the report reads it with {@link #read}.
 * Unknown fields are ignored when reading, so newer writers stay readable as long as
 * {@link #schemaVersion} does not change.
 *
 * @param schemaVersion version of this format, {@value #SCHEMA_VERSION} for this class
 * @param runId         the run's name, usually its folder name ({@code 2025-06-01T10-15-00}); null when unknown
 * @param startedAt     ISO-8601 start time of the run; null when unknown
 * @param ladder        the ladder that ran ({@code story} or a file name); null when unknown
 * @param workload      the workload in words ("StoryWorkload, 40 users/s for 60 s"); null when unknown
 * @param steps         the step entries in the order they ran
 * @param usl           the Universal Scalability Law fit of a scale-out series ({@code --capacity} with several
 *                      instance counts); null without one
 */
public record RunSummary(int schemaVersion, String runId, String startedAt, String ladder, String workload,
                         List<StepResult> steps, UslFit usl) {

    /** The version this class reads and writes. */
    public static final int SCHEMA_VERSION = 1;

    /** The file name of a run's summary inside its folder. */
    public static final String FILE_NAME = "summary.json";

    public RunSummary {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion must be " + SCHEMA_VERSION + ", found " + schemaVersion);
        }
        runId = Checks.blankToNull(runId);
        startedAt = Checks.blankToNull(startedAt);
        ladder = Checks.blankToNull(ladder);
        workload = Checks.blankToNull(workload);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** A summary without a scalability fit. */
    public RunSummary(int schemaVersion, String runId, String startedAt, String ladder, String workload,
                      List<StepResult> steps) {
        this(schemaVersion, runId, startedAt, ladder, workload, steps, null);
    }

    /** A summary of the current schema version with no metadata. */
    public static RunSummary of(List<StepResult> steps) {
        return new RunSummary(SCHEMA_VERSION, null, null, null, null, steps);
    }

    /** Step names in the order they first ran. */
    public List<String> stepNames() {
        Set<String> names = new LinkedHashSet<>();
        steps.forEach(s -> names.add(s.name()));
        return new ArrayList<>(names);
    }

    /** The highest repeat index, 0 when there are no steps. */
    public int repeats() {
        return steps.stream().mapToInt(StepResult::repeat).max().orElse(0);
    }

    /**
     * Reads a summary file, or the {@value #FILE_NAME} inside a run folder.
     *
     * @throws ReportException with a one-line message when the file is missing, unreadable, not JSON, of another
     *                         schema version, or holds invalid values
     */
    public static RunSummary read(Path fileOrRunDir) {
        Path file = Files.isDirectory(fileOrRunDir) ? fileOrRunDir.resolve(FILE_NAME) : fileOrRunDir;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ReportException("no " + FILE_NAME + " at " + file + ": expected the folder of a run written by "
                    + "`scalelab ladder` (runs/<timestamp>/), check the path");
        } catch (AccessDeniedException e) {
            throw new ReportException("cannot read " + file + ": permission denied; check the file's owner and mode", e);
        } catch (IOException e) {
            throw new ReportException("cannot read " + file + ": " + oneLine(e.toString()), e);
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ReportException(file + " is not valid JSON" + location(e) + ": " + oneLine(e.getOriginalMessage())
                    + "; rewrite it with `scalelab ladder` or fix it by hand", e);
        } catch (IOException e) {
            throw new ReportException("cannot read " + file + ": " + oneLine(e.toString()), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ReportException(file + " must hold a JSON object with schemaVersion and steps, found "
                    + (tree == null ? "nothing" : tree.getNodeType().toString().toLowerCase()));
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new ReportException(file + " has no numeric schemaVersion; expected " + SCHEMA_VERSION
                    + " (is this a scalelab summary?)");
        }
        if (version.intValue() != SCHEMA_VERSION) {
            throw new ReportException(file + " has schemaVersion " + version.intValue() + ", this scalelab reads "
                    + SCHEMA_VERSION + "; use the scalelab version that wrote the run");
        }
        try {
            return Json.MAPPER.treeToValue(tree, RunSummary.class);
        } catch (JsonMappingException e) {
            throw new ReportException(file + ": invalid value at " + path(e) + ": " + cause(e)
                    + "; rewrite it with `scalelab ladder` or fix it by hand", e);
        } catch (JsonProcessingException e) {
            throw new ReportException(file + " cannot be read: " + oneLine(e.getOriginalMessage()), e);
        }
    }

    /**
     * Writes this summary as indented JSON, atomically (a temporary file moved over the target).
     *
     * @throws ReportException with a one-line message when the file cannot be written
     */
    public void write(Path file) {
        try {
            AtomicFiles.write(file, toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ReportException("cannot write " + file + ": " + oneLine(e.toString()), e);
        }
    }

    /** This summary as indented JSON text. */
    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("summary cannot be serialised", e);
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            }
        }
        return sb.isEmpty() ? "top level" : sb.toString();
    }

    private static String cause(JsonMappingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : root.getMessage();
        return oneLine(message == null ? root.getClass().getSimpleName() : message);
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.strip().split("\\R", 2)[0];
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
