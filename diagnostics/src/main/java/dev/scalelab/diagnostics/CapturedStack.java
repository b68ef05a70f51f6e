package dev.scalelab.diagnostics;

import dev.scalelab.diagnostics.detect.CallStack;
import dev.scalelab.diagnostics.detect.FrameFilter;

import java.lang.StackWalker.StackFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A call stack captured with {@link StackWalker}: only application frames (and the framework
 * frame each run of them called into) are kept, as {@link StackFrame}s; text is produced only
 * when a finding or a trace line needs it. Equality compares class, method and bytecode index of
 * the application frames, which is cheap and exact.
 */
final class CapturedStack implements CallStack {
    static final int MAX_WALKED = 1024;
    static final int MAX_APPLICATION_FRAMES = 64;

    private static final StackWalker WALKER =
            StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE));

    static final byte APP = 0;
    static final byte FRAMEWORK = 1;
    static final byte ORM = 2;

    /** Frame category by class, computed once per class. */
    static final class Classifier extends ClassValue<Byte> {
        private final FrameFilter filter;

        Classifier(FrameFilter filter) {
            this.filter = filter;
        }

        @Override
        protected Byte computeValue(Class<?> type) {
            String name = type.getName();
            if (FrameFilter.isOrm(name)) {
                return ORM;
            }
            return filter.isFramework(name) ? FRAMEWORK : APP;
        }
    }

    private final StackFrame[] frames;      // trace frames: application frames and entry frames
    private final boolean[] application;
    private final int applicationCount;
    private final Origin origin;
    private final int hash;
    private volatile List<String> applicationText;
    private volatile List<String> traceText;

    private CapturedStack(StackFrame[] frames, boolean[] application, int applicationCount, Origin origin) {
        this.frames = frames;
        this.application = application;
        this.applicationCount = applicationCount;
        this.origin = origin;
        int h = 1;
        for (int i = 0; i < frames.length; i++) {
            if (application[i]) {
                StackFrame f = frames[i];
                h = 31 * h + System.identityHashCode(f.getDeclaringClass());
                h = 31 * h + f.getMethodName().hashCode();
                h = 31 * h + f.getByteCodeIndex();
            }
        }
        this.hash = h;
    }

    static CapturedStack capture(Classifier classifier) {
        return WALKER.walk(s -> {
            Iterator<StackFrame> it = s.iterator();
            ArrayList<StackFrame> kept = new ArrayList<>(16);
            boolean[] app = new boolean[16];
            int appCount = 0;
            boolean orm = false;
            StackFrame lastFramework = null;
            int walked = 0;
            while (it.hasNext() && walked++ < MAX_WALKED) {
                StackFrame f = it.next();
                byte category = classifier.get(f.getDeclaringClass());
                if (category == ORM) {
                    orm = true;
                }
                if (category == APP && !FrameFilter.isGeneratedMethod(f.getMethodName())) {
                    if (lastFramework != null) {
                        app = add(kept, app, lastFramework, false);
                        lastFramework = null;
                    }
                    app = add(kept, app, f, true);
                    if (++appCount >= MAX_APPLICATION_FRAMES) {
                        break;
                    }
                } else {
                    lastFramework = f;
                }
            }
            Origin origin = orm ? Origin.ORM : Origin.JDBC;
            return new CapturedStack(kept.toArray(new StackFrame[0]), Arrays.copyOf(app, kept.size()), appCount,
                    origin);
        });
    }

    private static boolean[] add(ArrayList<StackFrame> kept, boolean[] app, StackFrame f, boolean isApp) {
        if (kept.size() == app.length) {
            app = Arrays.copyOf(app, app.length * 2);
        }
        app[kept.size()] = isApp;
        kept.add(f);
        return app;
    }

    static String format(StackFrame f) {
        StackTraceElement e = f.toStackTraceElement();
        String file = e.getFileName();
        String where = file == null ? "Unknown Source"
                : e.getLineNumber() >= 0 ? file + ":" + e.getLineNumber() : file;
        return e.getClassName() + "." + e.getMethodName() + "(" + where + ")";
    }

    @Override
    public List<String> applicationFrames() {
        List<String> text = applicationText;
        if (text == null) {
            List<String> out = new ArrayList<>(applicationCount);
            for (int i = 0; i < frames.length; i++) {
                if (application[i]) {
                    out.add(format(frames[i]));
                }
            }
            applicationText = text = List.copyOf(out);
        }
        return text;
    }

    @Override
    public List<String> traceFrames() {
        List<String> text = traceText;
        if (text == null) {
            List<String> out = new ArrayList<>(frames.length);
            for (StackFrame f : frames) {
                out.add(format(f));
            }
            traceText = text = List.copyOf(out);
        }
        return text;
    }

    @Override
    public String callSite() {
        List<String> app = applicationFrames();
        return app.isEmpty() ? "(no application frame)" : CallStack.withoutPackage(app.get(0));
    }

    @Override
    public Origin origin() {
        return origin;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CapturedStack other) || other.hash != hash || other.applicationCount != applicationCount) {
            return false;
        }
        int i = 0;
        int j = 0;
        while (true) {
            while (i < frames.length && !application[i]) {
                i++;
            }
            while (j < other.frames.length && !other.application[j]) {
                j++;
            }
            if (i == frames.length || j == other.frames.length) {
                return i == frames.length && j == other.frames.length;
            }
            StackFrame a = frames[i++];
            StackFrame b = other.frames[j++];
            if (a.getDeclaringClass() != b.getDeclaringClass() || a.getByteCodeIndex() != b.getByteCodeIndex()
                    || !a.getMethodName().equals(b.getMethodName())) {
                return false;
            }
        }
    }
}
