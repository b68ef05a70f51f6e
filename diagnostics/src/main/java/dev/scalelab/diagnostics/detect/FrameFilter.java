package dev.scalelab.diagnostics.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Tells application classes from framework classes. Classes generated at run time for application
 * types (Hibernate and ByteBuddy proxies, CGLIB subclasses, JDK proxies) count as framework, so the
 * call site is the application code that used the proxy.
 *
 * <p>Without application packages, a class is the application's when it is under no framework
 * prefix. With application packages (e.g. {@code com.example}), a class is the application's when
 * it is under one of them, also when it is under a framework prefix too (an app in
 * {@code org.springframework.samples.petclinic}); every other class counts as framework, so the
 * call site is the innermost frame of the application's own packages.
 */
public final class FrameFilter {

    /** JDK, servlet containers, web frameworks, ORMs, pools, drivers, test runners, this library. */
    public static final List<String> DEFAULT_FRAMEWORK_PREFIXES = List.of(
            "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.",
            "kotlin.", "scala.", "groovy.",
            "org.hibernate.", "org.springframework.", "org.eclipse.jetty.", "io.javalin.", "org.apache.catalina.",
            "org.apache.tomcat.", "org.apache.coyote.", "io.undertow.", "io.netty.", "org.glassfish.",
            "com.zaxxer.hikari.", "org.postgresql.", "com.mysql.", "org.mariadb.", "org.h2.", "oracle.jdbc.",
            "com.microsoft.sqlserver.", "org.hsqldb.", "org.apache.derby.",
            "net.ttddyy.dsproxy.", "com.p6spy.", "org.jboss.", "net.bytebuddy.", "org.aspectj.",
            "org.flywaydb.", "org.jooq.", "org.mybatis.", "org.apache.ibatis.", "org.jdbi.", "io.micrometer.",
            "io.opentelemetry.", "reactor.", "io.smallrye.", "io.quarkus.", "io.micronaut.",
            "org.junit.", "junit.", "org.apache.maven.", "org.gradle.", "com.intellij.", "org.openjdk.jmh.",
            "dev.scalelab.diagnostics.");

    private static final List<String> ORM_PREFIXES = List.of("org.hibernate.", "jakarta.persistence.",
            "javax.persistence.", "org.springframework.data.jpa.", "org.eclipse.persistence.");

    private static final Pattern PACKAGE = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*\\.?");

    /** This library: never the application, also when an application package contains it. */
    private static final String SELF = "dev.scalelab.diagnostics.";

    private final List<String> prefixes;
    /** Application packages, each ending in a dot; empty when not set. */
    private final List<String> appPackages;

    public FrameFilter(List<String> frameworkPrefixes) {
        this(frameworkPrefixes, List.of());
    }

    /**
     * @param appPackages application packages such as {@code com.example} (a trailing dot is
     *                    allowed); check them first with {@link #checkAppPackages}
     * @throws IllegalArgumentException when an application package is not a package name
     */
    public FrameFilter(List<String> frameworkPrefixes, Collection<String> appPackages) {
        this.prefixes = List.copyOf(Objects.requireNonNull(frameworkPrefixes, "frameworkPrefixes"));
        List<String> problems = checkAppPackages(Objects.requireNonNull(appPackages, "appPackages"));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        List<String> packages = new ArrayList<>();
        for (String p : appPackages) {
            String dotted = p.strip().endsWith(".") ? p.strip() : p.strip() + ".";
            if (!packages.contains(dotted)) {
                packages.add(dotted);
            }
        }
        this.appPackages = List.copyOf(packages);
    }

    /**
     * One message per entry that is not a package name, each saying what was expected and found;
     * empty when all are fine. For builders that report every invalid setting at once.
     */
    public static List<String> checkAppPackages(Collection<String> appPackages) {
        List<String> problems = new ArrayList<>();
        for (String p : appPackages) {
            if (p == null || !PACKAGE.matcher(p.strip()).matches()) {
                problems.add("appPackages: expected package names such as \"com.example\", found "
                        + (p == null ? "null" : "\"" + p + "\""));
            }
        }
        return problems;
    }

    public List<String> prefixes() {
        return prefixes;
    }

    /** Application packages without their trailing dot, in the order given; empty when not set. */
    public List<String> appPackages() {
        return appPackages.stream().map(p -> p.substring(0, p.length() - 1)).toList();
    }

    /** Whether the class (binary name) belongs to a framework rather than to the application. */
    public boolean isFramework(String className) {
        if (className.contains("$HibernateProxy") || className.contains("$ByteBuddy$")
                || className.contains("$$") || className.startsWith("$Proxy") || className.contains(".$Proxy")
                || className.startsWith(SELF)) {
            return true;
        }
        if (!appPackages.isEmpty()) {
            return !isInAppPackage(className);
        }
        for (String p : prefixes) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the class is under one of the application packages (false when none are set). */
    public boolean isInAppPackage(String className) {
        for (String p : appPackages) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a finding shows as its call site when stacks were captured but no frame is the
     * application's, naming the setting that fixes it.
     */
    public String noApplicationFrame() {
        if (appPackages.isEmpty()) {
            return "(no application frame in the call stack: every frame is under a framework prefix; set the"
                    + " application packages: Diagnostics.builder().appPackages(\"com.example\"),"
                    + " scalelab.diagnostics.app-packages or --app-packages)";
        }
        return "(no application frame in the call stack: no frame is under the application packages "
                + String.join(", ", appPackages()) + "; check the application packages:"
                + " Diagnostics.builder().appPackages(...), scalelab.diagnostics.app-packages or --app-packages)";
    }

    /** Whether the method is generated by bytecode enhancement (e.g. {@code $$_hibernate_read_author}). */
    public static boolean isGeneratedMethod(String methodName) {
        return methodName.startsWith("$$_");
    }

    public static boolean isOrm(String className) {
        for (String p : ORM_PREFIXES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The class part of a formatted frame {@code pkg.Class.method(File.java:42)}. */
    public static String classOf(String frame) {
        int paren = frame.indexOf('(');
        String head = paren < 0 ? frame : frame.substring(0, paren);
        int methodDot = head.lastIndexOf('.');
        return methodDot < 0 ? head : head.substring(0, methodDot);
    }

    /** The method part of a formatted frame. */
    public static String methodOf(String frame) {
        int paren = frame.indexOf('(');
        String head = paren < 0 ? frame : frame.substring(0, paren);
        int methodDot = head.lastIndexOf('.');
        return methodDot < 0 ? "" : head.substring(methodDot + 1);
    }
}
