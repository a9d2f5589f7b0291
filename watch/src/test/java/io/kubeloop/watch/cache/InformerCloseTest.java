package io.kubeloop.watch.cache;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

/** {@code close()} returns only once every thread the informer started has ended, on the system clock. */
class InformerCloseTest {
  @RepeatedTest(20)
  void closeReturnsAfterEveryInformerThreadHasEnded() throws InterruptedException {
    FakeListerWatcher lw = new FakeListerWatcher();
    lw.create("ns", "a");
    SharedIndexInformer<Obj> informer = SharedIndexInformer.builder(lw).name("closing")
        .resyncPeriod(Duration.ofSeconds(1)).build();
    informer.addEventHandler(new ResourceEventHandler<>() {});
    informer.addEventHandler(new ResourceEventHandler<>() {}, Duration.ofSeconds(2));
    informer.start();
    assertTrue(informer.waitForCacheSync(Context.background().withTimeout(Clock.system(), Duration.ofSeconds(10))));
    informer.close();
    ThreadsGone.assertNoThreads("informer[closing]");
  }

  @org.junit.jupiter.api.Test
  void closeFromAnInterruptedThreadStillStopsEveryThreadAndKeepsTheInterrupt() throws InterruptedException {
    FakeListerWatcher lw = new FakeListerWatcher();
    lw.create("ns", "a");
    SharedIndexInformer<Obj> informer = SharedIndexInformer.builder(lw).name("interrupted").build();
    informer.addEventHandler(new ResourceEventHandler<>() {});
    informer.start();
    assertTrue(informer.waitForCacheSync(Context.background().withTimeout(Clock.system(), Duration.ofSeconds(10))));
    Thread.currentThread().interrupt(); // e.g. a service's stop thread that was itself told to stop
    informer.close();
    assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
    ThreadsGone.assertNoThreads("informer[interrupted]");
  }
}
