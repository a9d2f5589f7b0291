package io.kubeloop.examples.cli;

/**
 * A command line the program cannot run with: an unknown flag, a bad value, a missing required flag. The
 * message names the flag, the problem and the fix; {@code Main} prints it and exits with status 2, as Go's
 * {@code flag} package does.
 */
public final class FlagException extends Exception {
  private static final long serialVersionUID = 1L;

  public FlagException(String message) {
    super(message);
  }
}
