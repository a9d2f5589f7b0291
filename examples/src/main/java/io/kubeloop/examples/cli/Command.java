package io.kubeloop.examples.cli;

/**
 * One subcommand of {@code kubeloop-examples.jar}. {@code Main} picks it by name, runs it, and turns the result
 * into the process exit status; commands never call {@code System.exit} themselves.
 */
public interface Command {
  /** The name typed after {@code java -jar kubeloop-examples.jar}. */
  String name();

  /** One line for the usage text. */
  String summary();

  /**
   * Runs the command to completion (long-running commands return after SIGINT/SIGTERM has stopped them).
   *
   * @return the exit status
   * @throws FlagException for a bad command line (exit status 2)
   * @throws HelpRequested for {@code --help} (usage printed, exit status 0)
   */
  int run(String[] args) throws Exception;
}
