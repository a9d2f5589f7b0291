package io.kubeloop.examples;

import io.kubeloop.examples.cli.Command;
import io.kubeloop.examples.cli.FlagException;
import io.kubeloop.examples.cli.HelpRequested;
import io.kubeloop.examples.cli.Version;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code kubeloop-examples.jar}: one subcommand per example, each in its own package with a
 * README section (examples/README.md). The only place that calls {@code System.exit}.
 *
 * <p>Exit status: what the command returns; 2 for a bad command line (as Go's {@code flag} package); 1 for an
 * unexpected failure.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // klog-like one-line logs ("05:58:00.123 I message") unless the user configured java.util.logging.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null
        && System.getProperty("java.util.logging.config.file") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL %4$.1s %5$s%6$s%n");
    }
    // Keep logging while SIGTERM shutdown hooks run (a leader's release and "leader lost" lines).
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", "io.kubeloop.examples.cli.ShutdownSafeLogManager");
    }
    int status = run(args, System.out, System.err);
    exit(status);
  }

  /** The subcommands, in the order the usage lists them. */
  static Map<String, Command> commands() {
    List<Command> all = new ArrayList<>(List.of(
        new io.kubeloop.examples.leaderelection.LeaderElectionCommand(),
        new io.kubeloop.examples.vm.VmControllerCommand(),
        new io.kubeloop.examples.demo.DemoCommand(),
        new io.kubeloop.examples.apiserver.ApiServerCommand()));
    Command bench = bench();
    if (bench != null) {
      all.add(bench);
    }
    Map<String, Command> byName = new LinkedHashMap<>();
    for (Command c : all) {
      byName.put(c.name(), c);
    }
    return byName;
  }

  /** {@code bench}: the harness in {@link io.kubeloop.examples.bench.BenchMain}. */
  private static Command bench() {
    return new Command() {
      @Override
      public String name() {
        return "bench";
      }

      @Override
      public String summary() {
        return "the project's benchmarks: workqueue, API server, informer sync and heap, leader handover";
      }

      @Override
      public int run(String[] args) throws Exception {
        return io.kubeloop.examples.bench.BenchMain.run(args, System.out, System.err);
      }
    };
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, Command> commands = commands();
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
      (args.length == 0 ? err : out).print(usage(commands));
      return args.length == 0 ? 2 : 0;
    }
    if (args[0].equals("--version") || args[0].equals("version")) {
      out.println("kubeloop-examples " + Version.get());
      return 0;
    }
    Command command = commands.get(args[0]);
    if (command == null) {
      err.println("unknown subcommand \"" + args[0] + "\"; choose one of " + String.join(", ", commands.keySet()));
      err.print(usage(commands));
      return 2;
    }
    try {
      return command.run(Arrays.copyOfRange(args, 1, args.length));
    } catch (HelpRequested h) {
      out.print(h.usage());
      return 0;
    } catch (FlagException e) {
      err.println(command.name() + ": " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println(command.name() + ": interrupted");
      return 1;
    } catch (io.kubeloop.core.config.ConfigException | java.io.IOException e) {
      // A broken kubeconfig, a taken port, an unreachable server: the message says what and how to fix it.
      err.println(command.name() + ": " + e.getMessage());
      return 1;
    } catch (Exception e) {
      err.println(command.name() + ": " + e);
      e.printStackTrace(err);
      return 1;
    }
  }

  static String usage(Map<String, Command> commands) {
    StringBuilder s = new StringBuilder("kubeloop examples ").append(Version.get()).append("\n\n")
        .append("usage: java -jar examples/target/kubeloop-examples.jar <subcommand> [flags]\n\nsubcommands:\n");
    for (Command c : commands.values()) {
      s.append(String.format("  %-16s %s%n", c.name(), c.summary()));
    }
    s.append("\nRun a subcommand with --help for its flags. See examples/README.md.\n");
    return s.toString();
  }

  private static void exit(int status) {
    // During a SIGINT/SIGTERM shutdown System.exit would block forever; the JVM is exiting anyway.
    Thread probe = new Thread(() -> {}, "exit-probe");
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
    } catch (IllegalStateException shuttingDown) {
      return;
    }
    System.exit(status);
  }
}
