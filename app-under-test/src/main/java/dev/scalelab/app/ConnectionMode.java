package dev.scalelab.app;

/** How the app gets database connections: the story's connection-exhaustion rung. */
public enum ConnectionMode implements Switch {
    /** A new physical connection per request, closed afterwards (Django's default): exhausts max_connections under load. */
    PER_REQUEST("per-request"),
    /** HikariCP, sized below the server's max_connections: requests wait for a connection instead of failing. */
    POOL("pool");

    private final String label;

    ConnectionMode(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
