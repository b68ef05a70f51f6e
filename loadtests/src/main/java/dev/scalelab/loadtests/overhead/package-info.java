/**
 * What the load generator itself costs: a benchmark (a program, not a test) that runs
 * {@link dev.scalelab.loadtests.sim.HealthLoad} with the recorder on and off, alternately in the
 * same run, and compares the injector JVM's CPU per request. See {@link
 * dev.scalelab.loadtests.overhead.InjectorOverhead}.
 */
package dev.scalelab.loadtests.overhead;
