/**
 * Client-side probes: what a response tells about the server, read only from what any HTTP
 * client sees (status, headers, page markup). Pure functions, shared by the simulations and the
 * recorder: statements per request ({@link dev.scalelab.loadtests.probe.ServerTiming}), cache
 * lookups ({@link dev.scalelab.loadtests.probe.CacheLookup}), whose page it is
 * ({@link dev.scalelab.loadtests.probe.Identity}), a database that refused a connection
 * ({@link dev.scalelab.loadtests.probe.DbError}) and whether the target is there at all
 * ({@link dev.scalelab.loadtests.probe.Preflight}).
 */
package dev.scalelab.loadtests.probe;
