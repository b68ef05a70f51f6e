package dev.scalelab.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Checks a folder the user named for results ({@code --out}) before anything runs: it must be new or empty, on a
 * real file system, and creatable. Every problem is a {@link UserError} of one line.
 */
final class OutputFolders {
    private OutputFolders() {
    }

    /**
     * {@code out} itself, created when missing.
     *
     * @param option the option's name for messages, e.g. {@code --out}
     * @param hint   what to do when the folder is not empty
     */
    static Path newOrEmpty(Path out, String option, String hint) {
        Path abs = out.toAbsolutePath().normalize();
        for (String virtual : new String[] {"/proc", "/sys"}) {
            if (abs.startsWith(virtual)) {
                throw new UserError(option + " " + out + " is under " + virtual + ", a virtual file system that "
                        + "cannot hold results; choose a folder on disk");
            }
        }
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new UserError(option + " " + out + " cannot be created: " + p + " is a file, not a folder");
            }
        }
        try {
            if (Files.exists(out)) {
                if (!Files.isDirectory(out)) {
                    throw new UserError(option + " " + out + " is a file; give a new or empty folder");
                }
                try (Stream<Path> s = Files.list(out)) {
                    if (s.findAny().isPresent()) {
                        throw new UserError(option + " " + out + " is not empty (it may hold an earlier run); " + hint);
                    }
                }
                if (!Files.isWritable(out)) {
                    throw new UserError(option + " " + out + " is not writable; choose a folder you can write to");
                }
                return out;
            }
            return Files.createDirectories(out);
        } catch (AccessDeniedException e) {
            throw new UserError(option + " " + out + " cannot be created: permission denied on " + e.getFile());
        } catch (FileSystemException e) {
            throw new UserError(option + " " + out + " cannot be created: "
                    + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()) + " (" + e.getFile() + ")");
        } catch (IOException e) {
            throw new UserError(option + " " + out + " cannot be created: " + e.getMessage());
        }
    }
}
