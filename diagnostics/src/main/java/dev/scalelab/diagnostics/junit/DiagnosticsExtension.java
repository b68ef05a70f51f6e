package dev.scalelab.diagnostics.junit;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.UnitScope;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.function.Executable;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Measures each test method body in a unit of its own (statements of setup methods are not
 * counted), checks {@link QueryBudget} and {@link NoNPlusOne}, and writes the test's query profile
 * for {@code scalelab gate --from-tests} (see {@link TestProfiles}: {@code target/scalelab/queries/}
 * by default, {@code -Dscalelab.queries.dir=off} turns it off). A test is measured when it carries
 * one of the annotations, or when the extension is registered and a {@code Diagnostics} is found.
 *
 * <p>The {@link Diagnostics} that wrapped the test's data source is taken from, in order: the
 * extension's constructor ({@code @RegisterExtension static DiagnosticsExtension queries = new
 * DiagnosticsExtension(diagnostics);}), else a field of type {@code Diagnostics} in the test class,
 * its superclasses or enclosing classes (static or instance).
 */
public final class DiagnosticsExtension implements InvocationInterceptor {
    private static final Namespace NAMESPACE = Namespace.create(DiagnosticsExtension.class);

    private final Diagnostics diagnostics;

    /** For {@code @ExtendWith}: finds the {@code Diagnostics} field of the test class. */
    public DiagnosticsExtension() {
        this.diagnostics = null;
    }

    /** For {@code @RegisterExtension}. */
    public DiagnosticsExtension(Diagnostics diagnostics) {
        this.diagnostics = java.util.Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /** {@link Queries#assertQueries} with this extension's {@code Diagnostics}. */
    public UnitReport assertQueries(Executable block, QueryExpectation... expectations) throws Throwable {
        if (diagnostics == null) {
            throw new IllegalStateException("assertQueries on an extension without Diagnostics: expected one"
                    + " created with new DiagnosticsExtension(diagnostics), found the no-argument one");
        }
        return Queries.assertQueries(diagnostics, block, expectations);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        measure(invocation, context);
    }

    /** Each invocation of a {@code @ParameterizedTest} or {@code @RepeatedTest} is measured on its own. */
    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext context) throws Throwable {
        measure(invocation, context);
    }

    private void measure(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        Method method = context.getRequiredTestMethod();
        Class<?> testClass = context.getRequiredTestClass();
        QueryBudget budget = find(method, testClass, QueryBudget.class);
        NoNPlusOne noNPlusOne = find(method, testClass, NoNPlusOne.class);
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get("handled") != null) {
            invocation.proceed();
            return;
        }
        store.put("handled", Boolean.TRUE);
        boolean checks = budget != null || noNPlusOne != null;
        Optional<Diagnostics> found = diagnostics != null ? Optional.of(diagnostics)
                : findDiagnostics(context.getTestInstance().orElse(null), testClass);
        if (found.isEmpty() && !checks) {
            invocation.proceed(); // registered without a Diagnostics to measure with: nothing to profile
            return;
        }
        Diagnostics d = found.orElseThrow(() ->
                new IllegalStateException((budget != null ? "@QueryBudget" : "@NoNPlusOne") + " on "
                        + testClass.getSimpleName() + "." + method.getName() + " needs the Diagnostics that wrapped"
                        + " the test's DataSource: expected a field of type " + Diagnostics.class.getName() + " in "
                        + testClass.getName() + " (or a superclass or enclosing class), or"
                        + " @RegisterExtension static DiagnosticsExtension ext = new DiagnosticsExtension(diagnostics),"
                        + " found neither"));
        List<QueryExpectation> expectations = new ArrayList<>();
        if (budget != null) {
            expectations.add(QueryExpectation.max(budget.max()));
        }
        if (noNPlusOne != null) {
            expectations.add(QueryExpectation.noNPlusOne());
            if (noNPlusOne.duplicates()) {
                expectations.add(QueryExpectation.noDuplicates());
            }
        }
        UnitScope unit = d.open(testClass.getSimpleName() + "." + method.getName());
        Throwable failure = null;
        try {
            invocation.proceed();
        } catch (Throwable t) {
            failure = t;
        }
        UnitReport report = unit.end();
        try {
            writeProfile(context, report);
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
        if (failure != null) {
            throw failure;
        }
        Queries.check(report, expectations);
    }

    /** The test's profile for {@code scalelab gate --from-tests}, where {@link TestProfiles} says. */
    private static void writeProfile(ExtensionContext context, UnitReport report) {
        TestProfiles.directory(context::getConfigurationParameter)
                .ifPresent(dir -> TestProfiles.write(dir, TestProfiles.testId(context), report));
    }

    private static <A extends java.lang.annotation.Annotation> A find(Method method, Class<?> testClass, Class<A> type) {
        A onMethod = method.getAnnotation(type);
        if (onMethod != null) {
            return onMethod;
        }
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            A onClass = ((AnnotatedElement) c).getAnnotation(type);
            if (onClass != null) {
                return onClass;
            }
        }
        return null;
    }

    static Optional<Diagnostics> findDiagnostics(Object instance, Class<?> testClass) throws IllegalAccessException {
        Object target = instance;
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (Diagnostics.class.isAssignableFrom(f.getType())) {
                        boolean isStatic = Modifier.isStatic(f.getModifiers());
                        if (!isStatic && (target == null || !k.isInstance(target))) {
                            continue;
                        }
                        f.setAccessible(true);
                        Object value = f.get(isStatic ? null : target);
                        if (value != null) {
                            return Optional.of((Diagnostics) value);
                        }
                    }
                }
            }
            target = outerInstance(target);
        }
        return Optional.empty();
    }

    /** The enclosing instance of a {@code @Nested} test instance. */
    private static Object outerInstance(Object inner) throws IllegalAccessException {
        if (inner == null) {
            return null;
        }
        for (Field f : inner.getClass().getDeclaredFields()) {
            if (f.isSynthetic() && f.getName().startsWith("this$")) {
                f.setAccessible(true);
                return f.get(inner);
            }
        }
        return null;
    }
}
