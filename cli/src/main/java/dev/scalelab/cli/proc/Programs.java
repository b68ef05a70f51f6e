package dev.scalelab.cli.proc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The servers of the production stack scalelab starts itself (PgBouncer, memcached, nginx): where their programs
 * are, how to install them, and which user they run as when scalelab runs as root.
 */
public final class Programs {

    /** Where Debian and most Linux distributions put server programs, besides the PATH. */
    public static final List<String> SEARCH_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin");

    /** A server program scalelab can start, with its Debian package. */
    public enum Server {
        PGBOUNCER("pgbouncer", "pgbouncer", "connection pooler in front of PostgreSQL"),
        MEMCACHED("memcached", "memcached", "page cache shared by the app instances"),
        NGINX("nginx", "nginx", "reverse proxy balancing the app instances");

        private final String program;
        private final String debianPackage;
        private final String role;

        Server(String program, String debianPackage, String role) {
            this.program = program;
            this.debianPackage = debianPackage;
            this.role = role;
        }

        public String program() {
            return program;
        }

        public String role() {
            return role;
        }

        public String installCommand() {
            return "apt-get install -y " + debianPackage;
        }
    }

    private Programs() {
    }

    /** Overrides where the programs are looked for (colon-separated folders), e.g. for builds in /opt. */
    public static final String PATH_VARIABLE = "SCALELAB_PROGRAM_PATH";

    /** The program in {@value #PATH_VARIABLE} when set, else on the PATH or in {@link #SEARCH_DIRS}. */
    public static Optional<Path> find(String program) {
        String override = System.getenv(PATH_VARIABLE);
        List<String> dirs = new ArrayList<>();
        if (override != null) {
            dirs.addAll(List.of(override.split(":")));
        } else {
            dirs.addAll(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
            dirs.addAll(SEARCH_DIRS);
        }
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Optional.of(Path.of(dir, program));
            }
        }
        return Optional.empty();
    }

    public static Optional<Path> find(Server server) {
        return find(server.program());
    }

    /** The servers of {@code needed} that are not installed. */
    public static List<Server> missing(List<Server> needed) {
        return needed.stream().filter(s -> find(s).isEmpty()).toList();
    }

    /** One line for users: which parts are missing and the command that installs them. */
    public static String missingMessage(List<Server> missing) {
        List<String> names = missing.stream().map(Server::program).toList();
        return String.join(", ", names) + (names.size() == 1 ? " is" : " are") + " not installed; install with: "
                + "apt-get install -y " + String.join(" ", missing.stream().map(s -> s.debianPackage).toList());
    }

    /** Whether this process runs as root, where the servers refuse to run unless told to switch users. */
    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The unprivileged user the servers switch to when started by root. */
    public static final String SERVICE_USER = "nobody";

    /** The group of {@link #SERVICE_USER}: {@code nogroup} on Debian, {@code nobody} elsewhere. */
    public static String serviceGroup() {
        try {
            java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName("nogroup");
            return "nogroup";
        } catch (java.io.IOException e) {
            return "nobody";
        }
    }
}
