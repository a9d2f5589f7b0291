package io.kubeloop.testing.apiserver;

import io.kubeloop.core.clock.Clock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Validates watch requests and serves each as a {@link WatchStream} on the calling HTTP thread. Counterpart of the
 * apiserver's {@code serveWatch} and the cacher's {@code Watch} (k8s.io/apiserver pkg/endpoints/handlers/watch.go,
 * pkg/storage/cacher/cacher.go).
 */
final class Watches {
  private final Storage storage;
  private final Clock clock;
  private final ServerHooks hooks;
  private final Duration bookmarkInterval;
  private final Duration defaultLifetime;
  private final int queueCapacity;

  /**
   * @param defaultLifetime how long a watch without {@code timeoutSeconds} lives; {@code null} means the real
   *     server's random 30 to 60 minutes
   */
  Watches(Storage storage, Clock clock, ServerHooks hooks, Duration bookmarkInterval, Duration defaultLifetime,
      int queueCapacity) {
    this.storage = storage;
    this.clock = clock;
    this.hooks = hooks;
    this.bookmarkInterval = bookmarkInterval;
    this.defaultLifetime = defaultLifetime;
    this.queueCapacity = queueCapacity;
  }

  void serve(ApiRequest r, ResourceType type, String namespace) throws IOException {
    String rvText = r.param("resourceVersion");
    String match = r.param("resourceVersionMatch");
    boolean initialEvents = r.flag("sendInitialEvents");
    if (r.query.containsKey("sendInitialEvents") && !match.equals("NotOlderThan")) {
      throw invalid(FieldError.forbidden("resourceVersionMatch",
          "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
    }
    if (!match.isEmpty() && !r.query.containsKey("sendInitialEvents")) {
      throw invalid(FieldError.forbidden("resourceVersionMatch",
          "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
    }
    if (!match.isEmpty() && !match.equals("NotOlderThan")) {
      throw invalid(FieldError.notSupported("resourceVersionMatch", match, List.of("NotOlderThan")));
    }
    long rv = Lists.parseResourceVersion(rvText);
    ObjectFilter filter = ObjectFilter.from(r, type);
    String table = r.tableVersion();
    TableConverter.IncludeObject include = table == null ? TableConverter.IncludeObject.METADATA
        : Tables.includeObject(r);
    long fromRv = initialEvents || rv <= 0 ? -1 : rv;
    Duration lifetime = defaultLifetime == null ? Router.defaultWatchLifetime() : defaultLifetime;
    if (!r.param("timeoutSeconds").isEmpty()) {
      try {
        lifetime = Duration.ofSeconds(Long.parseLong(r.param("timeoutSeconds")));
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("timeoutSeconds: Invalid value: " + FieldError.goQuote(r.param("timeoutSeconds"))
            + ": must be an integer");
      }
    }
    WatchStream stream = new WatchStream(new WatchStream.Options(type, namespace, filter,
        r.flag("allowWatchBookmarks"), initialEvents, table, include), storage, clock, queueCapacity);
    String identity = r.identity;
    ServerHooks.OpenWatch open = new ServerHooks.OpenWatch() {
      @Override
      public String identity() {
        return identity;
      }

      @Override
      public void end() {
        stream.end();
      }

      @Override
      public void stall() {
        stream.stall();
      }
    };
    hooks.watchOpened(open);
    try {
      stream.serve(r.exchange, fromRv, lifetime, bookmarkInterval);
    } finally {
      hooks.watchClosed(open);
    }
  }

  private static ApiError invalid(FieldError error) {
    return new ApiError(StatusErrors.invalid("meta.k8s.io", "ListOptions", "", List.of(error)));
  }
}
