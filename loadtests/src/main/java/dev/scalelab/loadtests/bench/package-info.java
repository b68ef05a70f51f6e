/**
 * JMH benchmarks of the diagnostics recorder: one JDBC statement through the raw driver, through
 * the recorder without and with call stacks, and through p6spy, against a stub driver (pure
 * overhead) and loopback PostgreSQL {@code SELECT 1} (relative cost). Run them all with
 * <pre>
 * ./mvnw -q -B -pl diagnostics install -DskipTests &amp;&amp; ./mvnw -q -B -pl loadtests compile \
 *   &amp;&amp; ./mvnw -q -B -pl loadtests dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
 *   &amp;&amp; java -cp loadtests/target/classes:$(cat loadtests/target/bench.classpath) org.openjdk.jmh.Main Recorder
 * </pre>
 * The PostgreSQL benchmark reads {@code SCALELAB_TEST_DB_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 */
package dev.scalelab.loadtests.bench;
