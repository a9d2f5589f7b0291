package io.kubeloop.watch.cache;

import io.kubeloop.core.Context;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.function.BooleanSupplier;

/**
 * The reflector's resync timer: client-go {@code tools/cache/reflector.go} ({@code startResync}). Every
 * {@code period} on the reflector's clock it asks {@code shouldResync} and, if so, calls {@link ReflectorStore#resync()}.
 * Differences: it runs for the reflector's whole run, not per watch session; a resync that throws is reported to
 * the {@link WatchErrorHandler} and the next tick tries again (client-go ends the watch and relists).
 */
final class ResyncLoop {
  private static final System.Logger LOG = System.getLogger(ResyncLoop.class.getName());

  private ResyncLoop() {}

  /** Starts the resync thread, or returns null for a zero period. It ends when {@code ctx} is cancelled. */
  static Thread start(Reflector<?> reflector, Duration period, BooleanSupplier shouldResync, ReflectorStore<?> store,
      ThreadFactory threads, Context ctx) {
    if (period.isZero()) {
      return null;
    }
    Thread t = threads.newThread(() -> {
      try {
        while (reflector.clock().sleep(period, ctx)) {
          try {
            if (shouldResync.getAsBoolean()) {
              store.resync();
            }
          } catch (RuntimeException e) {
            // A failed tick is reported and the next one tries again; resyncs never stop for good.
            LOG.log(Level.ERROR, "resync failed name=" + reflector.name(), e);
            reflector.reportError(e);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Interrupts the resync thread (if any) and waits for it to end, through interrupts. */
  static void stop(Thread resync) {
    if (resync == null) {
      return;
    }
    resync.interrupt();
    boolean interrupted = false;
    while (true) {
      try {
        resync.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
