package dev.scalelab.diagnostics.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fails the test when its body has an N+1 finding (see {@code Finding.Kind.N_PLUS_ONE}).
 * {@link #duplicates()} also fails it on DUPLICATE findings.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@ExtendWith(DiagnosticsExtension.class)
public @interface NoNPlusOne {
    /** Whether duplicate reads (identical statement and parameters) fail the test too. */
    boolean duplicates() default false;
}
