package dev.fusedrnn.cli;

import dev.fusedrnn.cli.parity.ParityCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fusedrnn} command-line tool. */
@Command(name = "fusedrnn", mixinStandardHelpOptions = true, versionProvider = InfoCommand.Version.class,
        description = "Recurrent neural networks with Keras semantics on fused native kernels.",
        subcommands = {InfoCommand.class, SummaryCommand.class, TrainCommand.class, ParityCommand.class,
                BenchCommand.class, PredictCommand.class, SelftestCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() { new CommandLine(this).usage(System.out); }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        // Bad arguments and failed runs print one clear line, not a stack trace.
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("fusedrnn " + cmd.getCommandName() + ": " + e.getMessage());
            return 2;
        });
        System.exit(cli.execute(args));
    }
}
