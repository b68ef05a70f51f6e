package dev.scalelab.loadtests.record;

/**
 * What one request and its response told the client. Built by the simulation from values its
 * checks saved (public Gatling DSL only); everything the probes need and nothing else.
 *
 * @param name             request name, a route template such as {@code GET /articles/{id}}
 * @param audience         who asked, e.g. {@code anonymous} or {@code signed-in}; null when a
 *                         simulation does not split routes by audience
 * @param path             the concrete path requested, e.g. {@code /articles/17}
 * @param user             email of the signed-in visitor, null when anonymous
 * @param startNanos       when the request was issued, on the recorder's clock; equal to
 *                         {@code endNanos} when unknown (a request without response whose issue
 *                         time was not noted: it then stays out of the latency histograms)
 * @param endNanos         when its outcome was known, on the recorder's clock
 * @param status           HTTP status, null when no response arrived (connection failed, timed out)
 * @param responseTimeMs   Gatling's response time, null when no response arrived
 * @param expectedStatus   the status this request must get to be OK
 * @param serverTiming     {@code Server-Timing} header or null
 * @param xCache           {@code X-Cache} header or null
 * @param dbError          {@code X-Db-Error} header or null
 * @param expectedIdentity the name the page must greet ({@code anonymous} for nobody); null when
 *                         this response is not an HTML page to check
 * @param greeting         inner markup of the page's greeting element, null when none
 * @param reportedFailed   Gatling marked this request KO (its own checks); a cross-check
 */
public record Observation(
        String name,
        String audience,
        String path,
        String user,
        long startNanos,
        long endNanos,
        Integer status,
        Long responseTimeMs,
        int expectedStatus,
        String serverTiming,
        String xCache,
        String dbError,
        String expectedIdentity,
        String greeting,
        boolean reportedFailed) {

    public Observation {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("observation needs a request name");
        }
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("observation of " + name + " ends before it starts");
        }
    }
}
