package io.kubeloop.examples.apiserver;

import io.kubeloop.examples.cli.Command;

/** The {@code apiserver} subcommand. */
public final class ApiServerCommand implements Command {
  @Override
  public String name() {
    return "apiserver";
  }

  @Override
  public String summary() {
    return "the embedded API server on a port, with a kubeconfig for kubectl";
  }

  @Override
  public int run(String[] args) throws Exception {
    System.err.println("apiserver: not implemented yet");
    return 1;
  }
}
