package io.regiohub.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the hub's child JVMs with the very {@code java} executable the launcher runs on (the
 * build's toolchain JDK, not the machine's default {@code java}), each logging to its own file.
 */
final class ChildProcesses {

    private final Path workDir;
    private final Path argFileDir;

    ChildProcesses(Path workDir, Path argFileDir) {
        this.workDir = workDir;
        this.argFileDir = argFileDir;
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Runs a main class on the launcher's own class path (Kafka's server and tools). */
    Process java(String name, List<String> jvmArgsAndMain, Path log) throws IOException {
        Files.createDirectories(argFileDir);
        Path argFile = argFileDir.resolve(name + ".classpath");
        // the class path can be long: pass it in an @argfile
        Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("@" + argFile);
        command.addAll(jvmArgsAndMain);
        return start(command, log);
    }

    /** Runs a Spring Boot service from its runnable jar. */
    Process jar(Path jar, List<String> jvmArgs, List<String> appArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(appArgs);
        return start(command, log);
    }

    private Process start(List<String> command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** Asks a process to stop (SIGTERM: Spring's graceful shutdown, Kafka's controlled shutdown), then insists. */
    static void stop(Process process, Duration grace) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
