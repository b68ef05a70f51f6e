package dev.scalelab.diagnostics;

import dev.scalelab.diagnostics.detect.CallStack;
import dev.scalelab.diagnostics.detect.FrameFilter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A call stack captured cheaply and resolved late.
 *
 * <p>At statement time only {@code new Throwable()} runs: the JVM fills its compact backtrace
 * without creating frame objects. The frames are materialized ({@link Throwable#getStackTrace()})
 * and filtered when the unit folds its buffer, off the statement's own path, and at most once. On
 * JDK 17 this costs a fraction of a {@link StackWalker} walk over the same frames (the walker
 * creates and resolves a frame object per frame; measured in the recorder's JMH benchmarks).
 *
 * <p>Kept: application frames, and the framework frame each run of them called into. Equality
 * compares class, method and line of the application frames.
 */
final class CapturedStack implements CallStack {
    static final int MAX_APPLICATION_FRAMES = 64;

    static final byte APP = 0;
    static final byte FRAMEWORK = 1;
    static final byte ORM = 2;

    /** Frame category by class name, remembered (bounded). */
    static final class Classifier {
        private static final int MAX_ENTRIES = 20_000;
        private final FrameFilter filter;
        private final ConcurrentHashMap<String, Byte> byClass = new ConcurrentHashMap<>();

        Classifier(FrameFilter filter) {
            this.filter = filter;
        }

        byte category(String className) {
            Byte c = byClass.get(className);
            if (c == null) {
                c = FrameFilter.isOrm(className) && !filter.isInAppPackage(className) ? ORM
                        : filter.isFramework(className) ? FRAMEWORK : APP;
                if (byClass.size() < MAX_ENTRIES) {
                    byClass.put(className, c);
                }
            }
            return c;
        }

        FrameFilter filter() {
            return filter;
        }
    }

    private final Classifier classifier;
    private Throwable capture;
    // resolved state, guarded by this
    private StackTraceElement[] frames;
    private boolean[] application;
    private Origin origin;
    private int hash;
    private List<String> applicationText;
    private List<String> traceText;

    private CapturedStack(Classifier classifier, Throwable capture) {
        this.classifier = classifier;
        this.capture = capture;
    }

    /** The cheap part, on the statement's path. */
    static CapturedStack capture(Classifier classifier) {
        return new CapturedStack(classifier, new Throwable());
    }

    private synchronized void resolve() {
        if (frames != null) {
            return;
        }
        StackTraceElement[] all = capture.getStackTrace();
        capture = null;
        StackTraceElement[] kept = new StackTraceElement[Math.min(all.length, 2 * MAX_APPLICATION_FRAMES)];
        boolean[] app = new boolean[kept.length];
        int n = 0;
        boolean orm = false;
        StackTraceElement lastFramework = null;
        int appCount = 0;
        int h = 1;
        for (StackTraceElement e : all) {
            byte category = classifier.category(e.getClassName());
            if (category == ORM) {
                orm = true;
            }
            if (category == APP && !FrameFilter.isGeneratedMethod(e.getMethodName())) {
                if (lastFramework != null) {
                    kept[n++] = lastFramework;
                    lastFramework = null;
                }
                app[n] = true;
                kept[n++] = e;
                h = 31 * h + e.getClassName().hashCode();
                h = 31 * h + e.getMethodName().hashCode();
                h = 31 * h + e.getLineNumber();
                if (++appCount >= MAX_APPLICATION_FRAMES) {
                    break;
                }
            } else {
                lastFramework = e;
            }
        }
        StackTraceElement[] f = Arrays.copyOf(kept, n);
        boolean[] a = Arrays.copyOf(app, n);
        application = a;
        origin = orm ? Origin.ORM : Origin.JDBC;
        hash = h;
        frames = f;
    }

    static String format(StackTraceElement e) {
        String file = e.getFileName();
        String where = file == null ? "Unknown Source"
                : e.getLineNumber() >= 0 ? file + ":" + e.getLineNumber() : file;
        return e.getClassName() + "." + e.getMethodName() + "(" + where + ")";
    }

    @Override
    public synchronized List<String> applicationFrames() {
        resolve();
        if (applicationText == null) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < frames.length; i++) {
                if (application[i]) {
                    out.add(format(frames[i]));
                }
            }
            applicationText = List.copyOf(out);
        }
        return applicationText;
    }

    @Override
    public synchronized List<String> traceFrames() {
        resolve();
        if (traceText == null) {
            List<String> out = new ArrayList<>(frames.length);
            for (StackTraceElement f : frames) {
                out.add(format(f));
            }
            traceText = List.copyOf(out);
        }
        return traceText;
    }

    @Override
    public String callSite() {
        List<String> app = applicationFrames();
        return app.isEmpty() ? classifier.filter().noApplicationFrame() : CallStack.withoutPackage(app.get(0));
    }

    @Override
    public synchronized Origin origin() {
        resolve();
        return origin;
    }

    @Override
    public synchronized int hashCode() {
        resolve();
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CapturedStack other) || other.hashCode() != hashCode()) {
            return false;
        }
        StackTraceElement[] mine;
        boolean[] myApp;
        synchronized (this) {
            mine = frames;
            myApp = application;
        }
        StackTraceElement[] theirs;
        boolean[] theirApp;
        synchronized (other) {
            theirs = other.frames;
            theirApp = other.application;
        }
        int i = 0;
        int j = 0;
        while (true) {
            while (i < mine.length && !myApp[i]) {
                i++;
            }
            while (j < theirs.length && !theirApp[j]) {
                j++;
            }
            if (i == mine.length || j == theirs.length) {
                return i == mine.length && j == theirs.length;
            }
            StackTraceElement a = mine[i++];
            StackTraceElement b = theirs[j++];
            if (a.getLineNumber() != b.getLineNumber() || !a.getMethodName().equals(b.getMethodName())
                    || !a.getClassName().equals(b.getClassName())) {
                return false;
            }
        }
    }
}
