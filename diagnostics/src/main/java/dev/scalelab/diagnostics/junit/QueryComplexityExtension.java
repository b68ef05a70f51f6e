package dev.scalelab.diagnostics.junit;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.StatementGroup;
import dev.scalelab.diagnostics.StatementKind;
import dev.scalelab.diagnostics.UnitReport;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.AssertionFailedError;

/**
 * Runs a {@link QueryComplexity} test body once per data size (the way Ruby's n_plus_one_control does) and
 * compares the application statements of the measured parts.
 */
public final class QueryComplexityExtension implements InvocationInterceptor, ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == DataSize.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        // a placeholder: the interceptor runs the body itself, once per size, with the real DataSize
        return new DataSize(0, null, "");
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                    ExtensionContext context) throws Throwable {
        Method method = call.getExecutable();
        QueryComplexity spec = method.getAnnotation(QueryComplexity.class);
        Class<?> testClass = context.getRequiredTestClass();
        String name = testClass.getSimpleName() + "." + method.getName();
        int[] sizes = spec.sizes();
        if (sizes.length < 2) {
            invocation.skip();
            throw new IllegalStateException("@QueryComplexity on " + name + " needs at least two sizes, found "
                    + sizes.length);
        }
        Diagnostics diagnostics = DiagnosticsExtension.findDiagnostics(context.getRequiredTestInstance(), testClass)
                .orElse(null);
        if (diagnostics == null) {
            invocation.skip();
            throw new IllegalStateException("@QueryComplexity on " + name + " needs the Diagnostics that wrapped the"
                    + " test's DataSource: expected a field of type " + Diagnostics.class.getName() + " in "
                    + testClass.getName() + ", found none");
        }
        invocation.skip();
        List<UnitReport> reports = new ArrayList<>();
        for (int size : sizes) {
            DataSize ds = new DataSize(size, diagnostics, name);
            Object[] args = call.getArguments().toArray();
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof DataSize) {
                    args[i] = ds;
                }
            }
            method.setAccessible(true);
            try {
                method.invoke(call.getTarget().orElse(null), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (ds.report() == null) {
                throw new IllegalStateException("@QueryComplexity on " + name + ": the body never called size.measure(...)"
                        + "; wrap the code whose statements must not grow with the data in it");
            }
            reports.add(ds.report());
        }
        check(name, sizes, reports);
    }

    static void check(String name, int[] sizes, List<UnitReport> reports) {
        UnitReport small = reports.get(0);
        UnitReport large = reports.get(reports.size() - 1);
        if (reports.stream().allMatch(r -> r.applicationStatements() == small.applicationStatements())) {
            return;
        }
        StringBuilder m = new StringBuilder("Query complexity failed in ").append(name)
                .append(": expected the same number of statements at every data size, recorded ");
        for (int i = 0; i < sizes.length; i++) {
            m.append(i == 0 ? "" : i == sizes.length - 1 ? " and " : ", ").append(reports.get(i).applicationStatements())
                    .append(" at n=").append(sizes[i]);
        }
        m.append(": the count grows with the data, as an N+1 does.\nStatements that grew, by fingerprint (n=")
                .append(sizes[0]).append(" -> n=").append(sizes[sizes.length - 1]).append("):\n");
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, String> sites = new TreeMap<>();
        for (StatementGroup g : small.groups()) {
            if (g.kind() != StatementKind.INFRASTRUCTURE) {
                counts.computeIfAbsent(g.fingerprint(), k -> new int[2])[0] += g.count();
            }
        }
        for (StatementGroup g : large.groups()) {
            if (g.kind() != StatementKind.INFRASTRUCTURE) {
                counts.computeIfAbsent(g.fingerprint(), k -> new int[2])[1] += g.count();
                sites.putIfAbsent(g.fingerprint(), g.callSite());
            }
        }
        counts.forEach((fp, n) -> {
            if (n[1] != n[0]) {
                m.append(String.format("  %5d -> %-5d %s", n[0], n[1], fp));
                if (sites.get(fp) != null) {
                    m.append("  at ").append(sites.get(fp));
                }
                m.append('\n');
            }
        });
        Set<String> hints = new LinkedHashSet<>();
        for (Finding f : large.findings()) {
            hints.add(f.message());
        }
        if (!hints.isEmpty()) {
            m.append("Findings at n=").append(sizes[sizes.length - 1]).append(":\n");
            hints.forEach(h -> m.append("  ").append(h).append('\n'));
        }
        throw new AssertionFailedError(m.toString().stripTrailing());
    }
}
