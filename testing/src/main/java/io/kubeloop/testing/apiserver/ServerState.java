package io.kubeloop.testing.apiserver;

import io.kubeloop.core.clock.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * Everything one running server is made of, wired once by {@link EmbeddedServer} and shared by the HTTP threads.
 * Holds no mutable state of its own besides the address, which is set once after binding.
 */
final class ServerState {
  private final Clock clock;
  private final Registry registry;
  private final Storage storage;
  private final ObjectStore store;
  private final Lists lists;
  private final Patching patching;
  private final Watches watches;
  private final Discovery discovery;
  private final OpenApi openApi;
  private final ServerHooks hooks;
  private final Authenticator auth;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile String hostPort = "127.0.0.1:0";

  ServerState(EmbeddedServer.Settings config, Authenticator auth, ServerHooks hooks) {
    this.clock = config.clock();
    this.registry = new Registry();
    this.storage = new Storage(config.historyWindow(), 0);
    this.store = new ObjectStore(storage, registry, clock);
    this.lists = new Lists(store);
    this.patching = new Patching(store);
    this.hooks = hooks;
    this.watches = new Watches(storage, clock, hooks, config.bookmarkInterval(), config.watchLifetime(),
        config.watchQueueCapacity());
    this.discovery = new Discovery(registry);
    this.openApi = new OpenApi(registry);
    this.auth = auth;
  }

  /** Blocks a partitioned request until its partition heals or the server closes. */
  void awaitPartition(CountDownLatch partition) throws InterruptedException {
    while (partition.getCount() > 0 && closed.getCount() > 0) {
      partition.await(100, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  void markClosed() {
    closed.countDown();
  }

  void setHostPort(String hostPort) {
    this.hostPort = hostPort;
  }

  String hostPort() {
    return hostPort;
  }

  Clock clock() {
    return clock;
  }

  Registry registry() {
    return registry;
  }

  Storage storage() {
    return storage;
  }

  ObjectStore store() {
    return store;
  }

  Lists lists() {
    return lists;
  }

  Patching patching() {
    return patching;
  }

  Watches watches() {
    return watches;
  }

  Discovery discovery() {
    return discovery;
  }

  OpenApi openApi() {
    return openApi;
  }

  ServerHooks hooks() {
    return hooks;
  }

  Authenticator auth() {
    return auth;
  }
}
