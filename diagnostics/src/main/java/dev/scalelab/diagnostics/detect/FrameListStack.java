package dev.scalelab.diagnostics.detect;

import java.util.ArrayList;
import java.util.List;

/** A call stack read from text (a trace file): frames as {@code pkg.Class.method(File.java:42)}. */
public final class FrameListStack implements CallStack {
    private final List<String> frames;
    private final List<String> application;
    private final Origin origin;
    private final String noApplicationFrame;

    public FrameListStack(List<String> frames, FrameFilter filter) {
        this.frames = List.copyOf(frames);
        List<String> app = new ArrayList<>();
        boolean orm = false;
        for (String f : this.frames) {
            String cls = FrameFilter.classOf(f);
            if (FrameFilter.isOrm(cls) && !filter.isInAppPackage(cls)) {
                orm = true;
            }
            if (!filter.isFramework(cls) && !FrameFilter.isGeneratedMethod(FrameFilter.methodOf(f))) {
                app.add(f);
            }
        }
        this.application = List.copyOf(app);
        this.noApplicationFrame = filter.noApplicationFrame();
        this.origin = orm ? Origin.ORM : this.frames.isEmpty() ? Origin.UNKNOWN : Origin.JDBC;
    }

    @Override
    public List<String> applicationFrames() {
        return application;
    }

    @Override
    public List<String> traceFrames() {
        return frames;
    }

    @Override
    public String callSite() {
        return application.isEmpty() ? noApplicationFrame : CallStack.withoutPackage(application.get(0));
    }

    @Override
    public Origin origin() {
        return origin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameListStack other && application.equals(other.application);
    }

    @Override
    public int hashCode() {
        return application.hashCode();
    }
}
