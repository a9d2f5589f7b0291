package io.kubeloop.examples.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code java -jar kubeloop-examples.jar bench NAME [--runs N] [--warmup N] [--scale X]}: the project's own
 * benchmarks in one harness. NAME is one of the registered benchmarks or {@code all}. Prints every run, then the
 * median and spread of each figure, and ends with a one-line {@code SUMMARY}.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** The benchmarks by command-line name, in the order {@code all} runs them. */
  static Map<String, Supplier<Benchmark>> registry() {
    Map<String, Supplier<Benchmark>> r = new LinkedHashMap<>();
    r.put("workqueue", WorkQueueBench::new);
    r.put("apiserver", ApiServerBench::new);
    r.put("client", ClientBench::new);
    r.put("informer", InformerBench::new);
    r.put("handover", HandoverBench::new);
    return r;
  }

  /**
   * Runs the CLI; returns the process exit code (0 ok, 2 usage error). kubeloop's own logging is off while it runs:
   * the benchmarks provoke what a live system logs (three candidates racing to create one Lease, watches cut on
   * close), and here the figures are the output.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    java.util.logging.Logger kubeloop = java.util.logging.Logger.getLogger("io.kubeloop");
    java.util.logging.Level before = kubeloop.getLevel();
    kubeloop.setLevel(java.util.logging.Level.OFF);
    try {
      return runQuietly(args, out, err);
    } finally {
      kubeloop.setLevel(before);
    }
  }

  private static int runQuietly(String[] args, PrintStream out, PrintStream err) throws Exception {
    Map<String, Supplier<Benchmark>> registry = registry();
    String usage = "usage: bench <" + String.join("|", registry.keySet()) + "|all> [--runs N] [--warmup N] [--scale X]";
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
      (args.length == 0 ? err : out).println(usage);
      return args.length == 0 ? 2 : 0;
    }
    String name = args[0];
    BenchOptions defaults = BenchOptions.defaults();
    int runs = defaults.runs();
    int warmups = defaults.warmups();
    double scale = defaults.scale();
    try {
      for (int i = 1; i < args.length; i++) {
        String flag = args[i];
        String value;
        int eq = flag.indexOf('=');
        if (eq > 0) {
          value = flag.substring(eq + 1);
          flag = flag.substring(0, eq);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new IllegalArgumentException("flag " + flag + " needs a value, e.g. " + flag + "=3");
        }
        switch (flag) {
          case "--runs" -> runs = parseInt(flag, value);
          case "--warmup" -> warmups = parseInt(flag, value);
          case "--scale" -> scale = parseDouble(flag, value);
          default -> throw new IllegalArgumentException("unknown flag " + flag + "; the flags are --runs, --warmup and --scale");
        }
      }
      BenchOptions options = new BenchOptions(warmups, runs, scale);
      List<Benchmark> selected = new ArrayList<>();
      if (name.equals("all")) {
        registry.values().forEach(s -> selected.add(s.get()));
      } else if (registry.containsKey(name)) {
        selected.add(registry.get(name).get());
      } else {
        throw new IllegalArgumentException("unknown benchmark \"" + name + "\"; choose one of " + registry.keySet() + " or all");
      }
      new Harness(out, options).run(selected);
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("bench: " + e.getMessage());
      err.println(usage);
      return 2;
    }
  }

  private static int parseInt(String flag, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("flag " + flag + " expects a whole number but was \"" + value + "\"");
    }
  }

  private static double parseDouble(String flag, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("flag " + flag + " expects a number such as 0.1 but was \"" + value + "\"");
    }
  }
}
