package io.kubeloop.examples.cli;

import java.util.logging.LogManager;

/**
 * A {@link LogManager} that keeps logging while shutdown hooks run. The JDK's own manager resets (closes) every
 * handler from its shutdown hook, so what a program logs while it stops on SIGTERM, such as a leader's
 * "successfully released lease" and "leader lost", would be lost. {@code Main} installs this one through
 * {@code java.util.logging.manager} unless the user chose a manager. The console handler flushes every record,
 * so nothing is buffered at exit.
 */
public final class ShutdownSafeLogManager extends LogManager {
  @Override
  public void reset() {
    if (Thread.currentThread().getClass().getName().equals("java.util.logging.LogManager$Cleaner")) {
      return;
    }
    super.reset();
  }
}
