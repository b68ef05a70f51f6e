package dev.scalelab.app.web;

/** The HTTP port is taken; the message names the option to change it. */
public final class PortInUseException extends RuntimeException {
    public PortInUseException(String host, int port) {
        super("port " + port + " on " + host + " is already in use; stop the program using it or choose another "
                + "port with --port (0 picks a free one)");
    }
}
