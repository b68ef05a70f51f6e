package dev.scalelab.loadtests.runner;

/** A load test that could not run or did not finish; the message is meant for the user as is. */
public abstract class LoadTestException extends RuntimeException {
    protected LoadTestException(String message, Throwable cause) {
        super(message, cause);
    }
}
