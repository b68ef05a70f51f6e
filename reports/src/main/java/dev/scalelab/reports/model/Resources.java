package dev.scalelab.reports.model;

/**
 * Resource use of the processes taking part in a step. Any part is null when it was not sampled
 * (an external database given with {@code --db-url} has no process to sample).
 *
 * @param app      the app JVM(s); several instances are summed
 * @param database the database server
 * @param injector the load generator (Gatling child JVM)
 */
public record Resources(ProcessResources app, ProcessResources database, ProcessResources injector) {
}
