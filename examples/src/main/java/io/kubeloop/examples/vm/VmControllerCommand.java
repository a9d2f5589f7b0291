package io.kubeloop.examples.vm;

import io.kubeloop.examples.cli.Command;

/** The {@code vm-controller} subcommand. */
public final class VmControllerCommand implements Command {
  @Override
  public String name() {
    return "vm-controller";
  }

  @Override
  public String summary() {
    return "the VirtualMachine controller (embedded API server when no cluster is configured)";
  }

  @Override
  public int run(String[] args) throws Exception {
    System.err.println("vm-controller: not implemented yet");
    return 1;
  }
}
