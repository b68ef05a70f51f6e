package dev.scalelab.diagnostics.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fails the test when its body runs more than {@link #max()} statements. Statements of
 * {@code @BeforeEach}/{@code @BeforeAll} setup and infrastructure statements ({@code SET},
 * savepoints, {@code nextval}, …) are not counted. On a class, applies to every test method
 * that does not carry its own.
 *
 * @see DiagnosticsExtension for how the test's {@code Diagnostics} is found
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@ExtendWith(DiagnosticsExtension.class)
public @interface QueryBudget {
    /** Maximum statements the test body may run. */
    int max();
}
