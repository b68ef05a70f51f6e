/**
 * scalelab's own recording of a load test, independent of Gatling's internals: the simulations
 * feed one {@link dev.scalelab.loadtests.record.Observation} per response into a
 * {@link dev.scalelab.loadtests.record.Recorder}, which keeps HdrHistograms, counts and probe
 * results per request name and writes them as one JSON file,
 * {@link dev.scalelab.loadtests.record.ClientResults}, read back by the runner and the CLI.
 */
package dev.scalelab.loadtests.record;
