package dev.scalelab.loadtests.runner;

/** Runs Gatling's own latest-release lookup, as the injector does at start, and prints what it found. */
public final class VersionCheckProbe {
    private VersionCheckProbe() {
    }

    public static void main(String[] args) {
        System.out.println("latest release: " + io.gatling.commons.util.LatestGatlingRelease$.MODULE$.load());
    }
}
