package io.kubeloop.examples.cli;

/** {@code -h} or {@code --help} was given: {@code Main} prints {@link #usage()} and exits with status 0. */
public final class HelpRequested extends Exception {
  private static final long serialVersionUID = 1L;

  private final String usage;

  public HelpRequested(String usage) {
    super("help requested");
    this.usage = usage;
  }

  public String usage() {
    return usage;
  }
}
