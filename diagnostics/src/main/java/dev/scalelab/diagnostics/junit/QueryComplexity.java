package dev.scalelab.diagnostics.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A scale check: runs the test body once per data size and fails when the number of statements grows with the
 * data, the way an N+1 does, however small the data of the test. The test takes a {@link DataSize} parameter,
 * prepares {@code size.n()} rows, and wraps the code to check in {@code size.measure(...)}:
 *
 * <pre>{@code
 * @QueryComplexity(CONSTANT)
 * void feed_loads_a_constant_number_of_statements(DataSize size) {
 *     fixtures.articles(size.n());
 *     size.measure(() -> service.feed());
 * }
 * }</pre>
 *
 * The {@code Diagnostics} that wrapped the test's DataSource is found as for {@link QueryBudget}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ExtendWith(QueryComplexityExtension.class)
public @interface QueryComplexity {

    /** How the statement count may depend on the data size. */
    Complexity value() default Complexity.CONSTANT;

    /** The data sizes to run at; at least two, increasing. */
    int[] sizes() default {2, 5};

    /** Shapes of growth. */
    enum Complexity {
        /** The same number of statements at every size. */
        CONSTANT
    }
}
