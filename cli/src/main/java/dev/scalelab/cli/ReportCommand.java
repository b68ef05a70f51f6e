package dev.scalelab.cli;

import dev.scalelab.reports.ReportException;
import dev.scalelab.reports.ReportGenerator;
import dev.scalelab.reports.ReportOptions;
import dev.scalelab.reports.ReportResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scalelab report RUN_DIR}: regenerates report.html and report.md of a run from its files. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Regenerate report.html and report.md of a run folder from its summary.json and raw files."})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "The run folder, e.g. runs/20261126-161500.")
    Path runDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReportResult r;
        try {
            r = ReportGenerator.generate(runDir, ReportOptions.defaults().withProgress(stage -> {
                out.println(stage);
                out.flush();
            }));
        } catch (ReportException e) {
            throw new UserError(e.getMessage());
        }
        for (String missing : r.dataMissing()) {
            out.println("data missing: " + missing);
        }
        out.println("report: " + r.html());
        out.println("        " + r.markdown());
        out.flush();
        return ExitCodes.OK;
    }
}
