/**
 * Gatling Java-DSL simulations run by the ladder: {@link dev.scalelab.loadtests.sim.StoryWorkload}
 * (the open-model mix every step runs), {@link dev.scalelab.loadtests.sim.QueryProfile} (every
 * route once, the query-count gate's input) and {@link dev.scalelab.loadtests.sim.HealthLoad}
 * (the injector's own calibration), and {@link dev.scalelab.loadtests.sim.WorkloadSimulation}, which builds a
 * workload file ({@link dev.scalelab.loadtests.workload.Workload}) into a scenario at run time. They read their parameters from system properties
 * ({@link dev.scalelab.loadtests.sim.SimulationParameters}), check the target before any load,
 * and record every response with the client-side probes into one JSON results file.
 */
package dev.scalelab.loadtests.sim;
