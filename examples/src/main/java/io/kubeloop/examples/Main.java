package io.kubeloop.examples;

/** Entry point of {@code kubeloop-examples.jar}: one subcommand per example. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("usage: java -jar examples/target/kubeloop-examples.jar <leader-election|vm-controller|demo|apiserver|bench> [flags]");
  }
}
