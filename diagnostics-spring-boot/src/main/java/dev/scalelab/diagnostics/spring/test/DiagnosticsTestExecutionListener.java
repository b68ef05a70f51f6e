package dev.scalelab.diagnostics.spring.test;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.UnitScope;
import dev.scalelab.diagnostics.junit.NoNPlusOne;
import dev.scalelab.diagnostics.junit.QueryBudget;
import dev.scalelab.diagnostics.junit.QueryExpectation;
import dev.scalelab.diagnostics.junit.TestProfiles;
import dev.scalelab.diagnostics.spring.FindingsLog;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;
import org.springframework.util.ClassUtils;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Spring's test support for scalelab diagnostics, registered by the starter for every Spring test
 * ({@code @SpringBootTest}, {@code @DataJpaTest}, {@code @WebMvcTest}, …): when the test's context has a
 * {@link Diagnostics} bean, each test method's body runs in a unit of its own named {@code Class.method},
 * {@code @QueryBudget} and {@code @NoNPlusOne} are checked on it, its findings are logged and its query profile is
 * written for {@code scalelab gate --from-tests} ({@code target/scalelab/queries/}, see {@code TestProfiles}). The
 * {@code Diagnostics} bean can be injected for {@code Queries.assertQueries(diagnostics, …)}.
 *
 * <p>Only the test body counts (it runs after {@code @BeforeEach} and inside the test-managed transaction);
 * requests a test sends to a server on another thread count toward their own units.
 */
public final class DiagnosticsTestExecutionListener implements TestExecutionListener, Ordered {
    private static final String UNIT = DiagnosticsTestExecutionListener.class.getName() + ".unit";

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 100; // innermost of Spring's own listeners: around the body only
    }

    @Override
    public void beforeTestExecution(TestContext testContext) {
        if (!testContext.hasApplicationContext()) {
            return;
        }
        Diagnostics diagnostics = testContext.getApplicationContext().getBeanProvider(Diagnostics.class).getIfUnique();
        if (diagnostics == null) {
            return;
        }
        testContext.setAttribute(UNIT, diagnostics.open(unitName(testContext)));
    }

    @Override
    public void afterTestExecution(TestContext testContext) {
        if (!(testContext.removeAttribute(UNIT) instanceof UnitScope unit)) {
            return;
        }
        UnitReport report = unit.end();
        TestReports.ended(testContext, report);
        check(testContext, report);
    }

    static String unitName(TestContext testContext) {
        return testContext.getTestClass().getSimpleName() + "." + testContext.getTestMethod().getName();
    }

    private static void check(TestContext testContext, UnitReport report) {
        Method method = testContext.getTestMethod();
        Class<?> testClass = testContext.getTestClass();
        QueryBudget budget = find(method, testClass, QueryBudget.class);
        NoNPlusOne noNPlusOne = find(method, testClass, NoNPlusOne.class);
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
        List<String> violations = new ArrayList<>();
        for (QueryExpectation e : expectations) {
            e.violation(report).ifPresent(violations::add);
        }
        if (!violations.isEmpty()) {
            StringBuilder message = new StringBuilder(unitName(testContext)).append(": ")
                    .append(String.join("; ", violations));
            message.append("\n").append(report.summary());
            throw new AssertionError(message.toString());
        }
    }

    private static <A extends Annotation> A find(Method method, Class<?> testClass, Class<A> type) {
        A onMethod = AnnotatedElementUtils.findMergedAnnotation(method, type);
        if (onMethod != null) {
            return onMethod;
        }
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            A onClass = AnnotatedElementUtils.findMergedAnnotation(c, type);
            if (onClass != null) {
                return onClass;
            }
        }
        return null;
    }

    /** What happens to a test's report besides the checks: the findings log and the per-test query profile. */
    static final class TestReports {
        private static final boolean JUPITER = ClassUtils.isPresent("org.junit.jupiter.api.extension.ExtensionContext",
                TestReports.class.getClassLoader());

        private TestReports() {
        }

        static void ended(TestContext testContext, UnitReport report) {
            testContext.getApplicationContext().getBeanProvider(FindingsLog.class).ifAvailable(log -> log.log(report));
            if (JUPITER) { // the profile writer lives beside the JUnit 5 extension
                TestProfiles.write(testContext.getTestClass().getName() + "#" + testContext.getTestMethod().getName(),
                        report);
            }
        }
    }
}
