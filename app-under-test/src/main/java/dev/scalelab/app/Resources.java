package dev.scalelab.app;

import java.util.Deque;

/** What the app and the worker started, closed in reverse order of starting. */
final class Resources {
    private Resources() {
    }

    /** Closes every resource, newest first; one that fails to close does not keep the others open. */
    static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }
}
