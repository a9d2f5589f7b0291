package io.kubeloop.core.record;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.clock.Clock;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Java counterpart of client-go's {@code record.EventBroadcaster} started with {@code StartRecordingToSink}: takes
 * events from any number of {@link EventRecorder}s, correlates them (similar events, repeats, spam), and writes
 * them to an {@link EventSink} on one thread named {@code event-broadcaster}.
 *
 * <pre>{@code
 * try (EventBroadcaster events = EventBroadcaster.start(EventSink.of(client), Clock.system())) {
 *   EventRecorder recorder = events.newRecorder(EventSource.of("vm-controller", podName));
 *   recorder.event(vm, EventRecorder.NORMAL, "ServerCreated", "created server srv-000001");
 * }
 * }</pre>
 *
 * <p>Before it is written, each event goes through a package-private {@code EventCorrelator} with client-go's
 * defaults ({@code NewEventCorrelator}, in {@code EventCorrelate}'s order):
 * <ol>
 *   <li>Similar events: once the same source has reported 10 different messages for the same object, type and
 *       reason, each less than 600 s after the one before, the next ones are written as a single Event whose
 *       message is "(combined from similar events): " and the latest message ({@code EventAggregator}).</li>
 *   <li>Repeats: an event with the same source, involved object (field path included), type, reason and message
 *       as one written before is not created again; the existing Event is patched with its {@code count} one
 *       higher, a new {@code lastTimestamp} and the message ({@code EventLogger}). If that Event is gone (404), it
 *       is created again with the same name, the count and the {@code firstTimestamp} reached so far.</li>
 *   <li>Spam: a source may write 25 events of one type about one object at once, then one per 300 s; events
 *       beyond that are dropped without a log line ({@code EventSourceObjectSpamFilter}). A dropped event still
 *       counts: the next repeat that is written carries a count that includes it.</li>
 * </ol>
 * Each step remembers 4096 keys, least recently used forgotten first, and measures time on the injected
 * {@link Clock}.
 *
 * <p>Never blocks a caller: the queue holds {@value #QUEUE_CAPACITY} events (client-go's
 * {@code maxQueuedEvents}); when it is full the event is dropped and logged. A failed write is retried
 * {@value #ATTEMPTS} times with backoff for transport errors, 429 and 5xx; other refusals (403, 422) are logged
 * and dropped. As in client-go, a write that is finally dropped has still been counted, so the count of the next
 * repeat written skips it.
 *
 * <p>Differences from client-go: no watchers other than the sink ({@code StartLogging},
 * {@code StartStructuredLogging}, {@code StartEventWatcher}); no {@code CorrelatorOptions} (the defaults above are
 * fixed); client-go tries a write up to 12 times, 10 s apart, and retries only transport and unexpected-object
 * errors, where this broadcaster tries {@value #ATTEMPTS} times, 1 s and 2 s apart, and also retries 429 and 5xx;
 * every refusal is logged as a warning (client-go logs AlreadyExists and a terminating namespace only at V(5)).
 *
 * <p>Thread-safe. {@link #close()} stops the thread after writing what is queued, for at most
 * {@link #CLOSE_GRACE}.
 */
public final class EventBroadcaster implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EventBroadcaster.class.getName());

  /** client-go's {@code maxQueuedEvents}. */
  public static final int QUEUE_CAPACITY = 1000;
  static final int ATTEMPTS = 3;
  /** How long {@link #close()} waits for queued events to be written. */
  public static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

  private final EventSink sink;
  private final Clock clock;
  private final BlockingQueue<Event> queue;
  private final int capacity;
  private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
  private final Thread thread;
  /** Cancelled by {@link #close()}: ends backoff waits early. */
  private final Context closing = Context.background().withCancel();
  private volatile boolean closed;
  /**
   * Events accepted but not yet written: counted before they enter the queue and until their write ends, so
   * {@link #flush} cannot see an empty queue while the thread holds an event it has taken but not written.
   * Guarded by {@code this}.
   */
  private int unwritten;
  /** Aggregation, counting of repeats and the spam filter. Only the broadcaster thread touches it. */
  private final EventCorrelator correlator;

  private EventBroadcaster(EventSink sink, Clock clock, int capacity) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.correlator = new EventCorrelator(clock);
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.capacity = capacity;
    this.thread = new Thread(this::loop, "event-broadcaster");
    this.thread.setDaemon(true);
  }

  /** A broadcaster writing to {@code sink}, its thread started. */
  public static EventBroadcaster start(EventSink sink, Clock clock) {
    return start(sink, clock, QUEUE_CAPACITY);
  }

  static EventBroadcaster start(EventSink sink, Clock clock, int capacity) {
    EventBroadcaster b = new EventBroadcaster(sink, clock, capacity);
    b.thread.start();
    return b;
  }

  /** A recorder whose events say they come from {@code source} ({@code NewRecorder}). */
  public EventRecorder newRecorder(EventSource source) {
    Objects.requireNonNull(source, "source");
    return (object, type, reason, message) -> enqueue(build(object, type, reason, message, source));
  }

  private Event build(KubernetesObject object, String type, String reason, String message, EventSource source) {
    Objects.requireNonNull(object, "object");
    if (!EventRecorder.NORMAL.equals(type) && !EventRecorder.WARNING.equals(type)) {
      throw new IllegalArgumentException("expected event type Normal or Warning but was " + type);
    }
    if (reason == null || reason.isEmpty()) {
      throw new IllegalArgumentException("expected an event reason such as ServerCreated but was empty");
    }
    ObjectReference ref = ObjectReference.to(object);
    Instant now = clock.instant();
    String namespace = ref.namespace() == null ? "default" : ref.namespace();
    // client-go: fmt.Sprintf("%v.%x", ref.Name, t.UnixNano())
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    ObjectMeta meta = ObjectMeta.of(namespace, ref.name() + "." + Long.toHexString(nanos));
    return new Event(null, null, meta, ref, reason, message, source, now, now, 1, type, source.component(),
        source.host(), null);
  }

  private void enqueue(Event event) {
    if (closed) {
      LOG.log(Level.DEBUG, () -> "event broadcaster closed, dropping event " + describe(event));
      return;
    }
    synchronized (this) {
      unwritten++;
    }
    if (!queue.offer(event)) {
      written(); // never queued
      long n = dropped.incrementAndGet();
      // One line for the first drop and then one per hundred, so a storm does not flood the log too.
      if (n == 1 || n % 100 == 0) {
        LOG.log(Level.WARNING, () -> "event queue full (" + capacity + "), dropping event " + describe(event)
            + " (" + n + " dropped so far)");
      }
    }
  }

  private void loop() {
    while (true) {
      Event next;
      try {
        next = closed ? queue.poll() : queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (next == null) {
        if (closed) {
          return;
        }
        continue;
      }
      try {
        write(next);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // A sink's unexpected failure costs this event, not the thread and with it every later event.
        LOG.log(Level.WARNING, "cannot write event " + describe(next) + " (dropped)", e);
      } finally {
        written();
      }
    }
  }

  private synchronized void written() {
    unwritten--;
    notifyAll();
  }

  /*
   * client-go's recordToSink and recordEvent. The correlator decides first (aggregate, count, filter), then the
   * same decision is tried up to ATTEMPTS times: a retry after a transport error writes the same count again.
   */
  private void write(Event event) throws InterruptedException {
    EventCorrelator.Result result = correlator.correlate(event);
    if (result.skip()) {
      // Spam: dropped without a log line, as client-go does (a line per skipped event would be spam of its own).
      return;
    }
    Event correlated = result.event();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        Event written = record(correlated, result);
        correlator.updateState(written == null ? correlated : written);
        return;
      } catch (ApiException e) {
        boolean retry = e.code() >= 500 || e.isTooManyRequests();
        if (!retry || attempt == ATTEMPTS) {
          LOG.log(Level.WARNING, "cannot write event " + describe(correlated) + ": " + e.getMessage() + " (dropped)");
          return;
        }
      } catch (IOException e) {
        if (attempt == ATTEMPTS) {
          LOG.log(Level.WARNING, "cannot write event " + describe(correlated) + ": " + e + " (dropped)");
          return;
        }
      }
      if (!clock.sleep(Duration.ofMillis(500L << attempt), closing)) {
        return;
      }
    }
  }

  /** One attempt: patch a repeat, or create; a repeat whose Event is gone (404) is created again. */
  private Event record(Event event, EventCorrelator.Result result) throws IOException, ApiException {
    if (result.isUpdate()) {
      try {
        return sink.patch(event, result.patch());
      } catch (ApiException e) {
        if (!e.isNotFound()) {
          throw e;
        }
        // The Event expired or was deleted. As client-go, create it again under the same name with the count and
        // firstTimestamp accumulated so far, so the history of the repeat is not lost; only the resourceVersion
        // must go, since a create may not carry one.
      }
    }
    return sink.create(withoutResourceVersion(event));
  }

  private static Event withoutResourceVersion(Event e) {
    if (e.metadata().resourceVersion() == null) {
      return e;
    }
    return new Event(e.apiVersion(), e.kind(), e.metadata().withResourceVersion(null), e.involvedObject(),
        e.reason(), e.message(), e.source(), e.firstTimestamp(), e.lastTimestamp(), e.count(), e.type(),
        e.reportingComponent(), e.reportingInstance(), e.unknown());
  }

  private static String describe(Event e) {
    return e.involvedObject() + " " + e.type() + " " + e.reason() + " \"" + e.message() + "\"";
  }

  /**
   * Waits until every event queued so far has been written (or dropped). For tests and for programs that want
   * their last events out before they exit.
   *
   * @return whether that happened within {@code timeout}
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (unwritten > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !thread.isAlive()) {
          return false;
        }
        wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
      }
      return true;
    }
  }

  /** How many events were dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Stops accepting events, writes what is queued for at most {@link #CLOSE_GRACE}, then stops the thread. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(CLOSE_GRACE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closing.cancel();
    thread.interrupt();
    int unwritten = queue.size();
    queue.clear();
    if (unwritten > 0) {
      LOG.log(Level.WARNING, "event broadcaster closed with " + unwritten + " events unwritten");
    }
  }
}
