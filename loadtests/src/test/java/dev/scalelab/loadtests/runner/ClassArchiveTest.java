package dev.scalelab.loadtests.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ClassArchiveTest {

    @Test
    void the_first_jvm_records_its_classes_and_the_next_one_maps_them_from_the_archive(@TempDir Path dir) throws Exception {
        Path jar = helloJar(dir);
        Path cache = dir.resolve("cache");

        ClassArchive first = ClassArchive.in(cache, "hello", jar.toString());
        assertThat(first.jvmOptions()).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(run(first, jar)).contains("hello from the archive test");
        first.publish(true);
        assertThat(first.path()).isPresent();
        assertThat(first.path().get()).isRegularFile();
        try (var left = Files.list(cache)) {
            assertThat(left).as("no part file is left behind").hasSize(1);
        }

        ClassArchive second = ClassArchive.in(cache, "hello", jar.toString());
        assertThat(second.jvmOptions()).contains("-XX:SharedArchiveFile=" + first.path().get());
        List<String> options = new ArrayList<>(second.jvmOptions());
        options.add("-Xlog:class+load=info");
        String output = run(options, jar);
        assertThat(output).containsPattern("Hello source: shared objects file \\(top\\)");
    }

    @Test
    void a_jvm_that_did_not_finish_leaves_no_archive_and_a_changed_jar_gets_a_new_one(@TempDir Path dir) throws Exception {
        Path jar = helloJar(dir);
        Path cache = dir.resolve("cache");
        ClassArchive killed = ClassArchive.in(cache, "hello", jar.toString());
        run(killed, jar);
        killed.publish(false);
        try (var left = Files.list(cache)) {
            assertThat(left).isEmpty();
        }

        ClassArchive made = ClassArchive.in(cache, "hello", jar.toString());
        run(made, jar);
        made.publish(true);
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        ClassArchive rebuilt = ClassArchive.in(cache, "hello", jar.toString());
        assertThat(rebuilt.path()).isNotEqualTo(made.path());
        assertThat(rebuilt.jvmOptions()).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
    }

    @Test
    void a_classpath_with_a_class_folder_gets_no_archive_because_the_jvm_would_refuse_to_start(@TempDir Path dir)
            throws Exception {
        Path jar = helloJar(dir);
        String classpath = jar + java.io.File.pathSeparator + dir.resolve("classes");
        assertThat(ClassArchive.in(dir.resolve("cache"), "hello", classpath).jvmOptions()).isEmpty();
    }

    @Test
    void an_unwritable_cache_folder_means_no_archive_options(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertThat(ClassArchive.in(file.resolve("cds"), "hello", "x.jar").jvmOptions()).isEmpty();
    }

    private static String run(ClassArchive archive, Path jar) throws Exception {
        return run(archive.jvmOptions(), jar);
    }

    private static String run(List<String> options, Path jar) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", jar.toString(), "Hello"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    private static Path helloJar(Path dir) throws IOException {
        Path src = dir.resolve("Hello.java");
        Files.writeString(src, """
                public class Hello {
                    public static void main(String[] args) {
                        System.out.println("hello from the archive test");
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString());
        assertThat(rc).isZero();
        Path jar = dir.resolve("hello.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("Hello.class"));
            out.write(Files.readAllBytes(classes.resolve("Hello.class")));
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void publishing_keeps_the_two_newest_archives_of_a_kind_and_leaves_other_kinds_alone(@TempDir Path dir) throws Exception {
        long now = System.currentTimeMillis();
        String[] names = {"app-1.jsa", "app-2.jsa", "app-3.jsa", "injector-1.jsa"};
        for (int i = 0; i < names.length; i++) {
            Path f = Files.writeString(dir.resolve(names[i]), "x");
            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(now - (10 - i) * 60_000L));
        }
        Path newest = Files.writeString(dir.resolve("app-4.jsa"), "x");

        ClassArchive.pruneOlder(newest);

        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactly("app-3.jsa", "app-4.jsa", "injector-1.jsa");
        }
    }
}
