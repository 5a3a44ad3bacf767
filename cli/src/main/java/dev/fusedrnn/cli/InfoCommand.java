package dev.fusedrnn.cli;

import dev.fusedrnn.backend.Backends;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code fusedrnn info}: version, each backend's status and reason, CPU features, CUDA status. */
@Command(name = "info", description = "Version, backends with status and reason, CPU features, CUDA status.")
final class InfoCommand implements Callable<Integer> {

    /** The library version from the jar manifest, or "dev" when run from classes. */
    static String version() {
        String v = Backends.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() { return new String[] {"fusedrnn " + version()}; }
    }

    @Override
    public Integer call() {
        System.out.println("fusedrnn " + version() + " (Java " + System.getProperty("java.version") + ", "
                + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores)");
        System.out.println();
        System.out.println("Backends (auto tries them in this order):");
        for (Backends.Status s : Backends.describe()) System.out.println("  " + s);
        System.out.println("  selected: " + Backends.select().reason());
        System.out.println();
        for (String line : Backends.nativeReport()) System.out.println(line);
        return 0;
    }
}
