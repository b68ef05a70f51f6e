/**
 * Runs a simulation in a child JVM and returns its results: {@link
 * dev.scalelab.loadtests.runner.SimulationRunner} with {@link
 * dev.scalelab.loadtests.runner.RunSettings}, progress through {@link
 * dev.scalelab.loadtests.runner.RunListener}, outcome as {@link
 * dev.scalelab.loadtests.runner.RunOutcome}. Bad input is an {@link
 * dev.scalelab.loadtests.runner.InvalidRunException} before any load is sent; a child that
 * crashes, exits early or overruns its time limit is a {@link
 * dev.scalelab.loadtests.runner.RunFailedException}.
 */
package dev.scalelab.loadtests.runner;
