package io.kubeloop.examples.demo;

import io.kubeloop.examples.cli.Command;

/** The {@code demo} subcommand. */
public final class DemoCommand implements Command {
  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "three vm-controller replicas on the embedded API server: VMs converge, the leader stops, another takes over";
  }

  @Override
  public int run(String[] args) throws Exception {
    System.err.println("demo: not implemented yet");
    return 1;
  }
}
