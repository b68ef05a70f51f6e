package dev.scalelab.cli.ladder;

import java.util.ArrayDeque;
import java.util.Deque;

/** Things a step opened along the way, closed in reverse order; a failure to close one does not stop the rest. */
final class Opened implements AutoCloseable {
    private final Deque<AutoCloseable> items = new ArrayDeque<>();

    <T extends AutoCloseable> T add(T item) {
        items.push(item);
        return item;
    }

    @Override
    public void close() {
        while (!items.isEmpty()) {
            try {
                items.pop().close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }
}
