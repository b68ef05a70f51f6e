package dev.scalelab.diagnostics.detect;

import java.util.List;

/**
 * Where a statement came from. Two stacks are equal when their application frames are equal
 * (frames of frameworks, the JDK and the driver do not matter).
 */
public interface CallStack {

    /** Which data-access layer issued the statement, for the fix hint. */
    enum Origin { ORM, JDBC, UNKNOWN }

    /** A stack for statements recorded without call stacks. */
    CallStack NONE = new CallStack() {
        @Override
        public List<String> applicationFrames() {
            return List.of();
        }

        @Override
        public List<String> traceFrames() {
            return List.of();
        }

        @Override
        public String callSite() {
            return "(call stacks off)";
        }

        @Override
        public Origin origin() {
            return Origin.UNKNOWN;
        }
    };

    /** Application frames, innermost first, as {@code pkg.Class.method(File.java:42)}. */
    List<String> applicationFrames();

    /**
     * What the trace file records: the application frames, each run of them preceded by the
     * framework frame they called into (e.g. {@code org.hibernate…SessionImpl.find}).
     */
    List<String> traceFrames();

    /** The first application frame, without package: {@code Class.method(File.java:42)}. */
    String callSite();

    Origin origin();

    /** {@code pkg.Outer$Inner.method(File.java:42)} → {@code Outer$Inner.method(File.java:42)}. */
    static String withoutPackage(String frame) {
        int paren = frame.indexOf('(');
        String head = paren < 0 ? frame : frame.substring(0, paren);
        int methodDot = head.lastIndexOf('.');
        if (methodDot <= 0) {
            return frame;
        }
        int classDot = head.lastIndexOf('.', methodDot - 1);
        return classDot < 0 ? frame : frame.substring(classDot + 1);
    }
}
