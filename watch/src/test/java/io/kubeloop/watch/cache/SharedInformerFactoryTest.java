package io.kubeloop.watch.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.DynamicObject;
import io.kubeloop.core.api.Json;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.api.LeaseSpec;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.testing.Await;
import io.kubeloop.testing.apiserver.ApiServer;
import io.kubeloop.testing.apiserver.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The factory against the embedded API server: sharing, starting what is new, options, shutdown. */
class SharedInformerFactoryTest {
  static final ResourceType<DynamicObject> NAMESPACES = ResourceType.dynamic("", "v1", "namespaces", "Namespace", false);

  ApiServer server;
  KubeClient client;
  SharedInformerFactory factory;

  @BeforeEach
  void start() throws Exception {
    server = ApiServer.start();
    client = KubeClient.create(server.clientConfig());
    client.resource(NAMESPACES).create(namespace("other"));
    for (String ns : List.of("default", "other")) {
      for (String name : List.of("a", "b")) {
        client.resource(ConfigMaps.TYPE).inNamespace(ns).create(configMap(ns, name, name.equals("a") ? "web" : "db"));
      }
    }
  }

  @AfterEach
  void stop() {
    if (factory != null) {
      factory.shutdown();
    }
    client.close();
    server.close();
  }

  static DynamicObject namespace(String name) throws Exception {
    return Json.reader(DynamicObject.class).readValue(
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}");
  }

  static DynamicObject configMap(String ns, String name, String app) throws Exception {
    return Json.reader(DynamicObject.class).readValue("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
        + "{\"name\":\"" + name + "\",\"namespace\":\"" + ns + "\",\"labels\":{\"app\":\"" + app + "\"}}}");
  }

  static Context seconds(int n) {
    return Context.background().withTimeout(Clock.system(), Duration.ofSeconds(n));
  }

  static Set<String> keys(SharedIndexInformer<?> informer) {
    return informer.lister().list().stream().map(o -> ((io.kubeloop.core.api.KubernetesObject) o).metadata())
        .map(m -> (m.namespace() == null ? "" : m.namespace() + "/") + m.name()).collect(Collectors.toSet());
  }

  long watches(String plural) {
    return server.requests().count(r -> r.isWatch() && r.path().endsWith("/" + plural));
  }

  @Test
  void everyCallerOfATypeSharesOneInformerAndOneWatch() throws Exception {
    factory = SharedInformerFactory.builder(client).build();
    SharedIndexInformer<DynamicObject> first = factory.informerFor(ConfigMaps.TYPE);
    assertSame(first, factory.informerFor(ConfigMaps.TYPE), "the same type, the same informer");
    assertNotSame(first, factory.informerFor(NAMESPACES));
    factory.start();
    assertEquals(Map.of(ConfigMaps.TYPE, true, NAMESPACES, true), factory.waitForCacheSync(seconds(10)));
    assertEquals(Set.of("default/a", "default/b", "other/a", "other/b"), keys(first), "all namespaces by default");
    Await.until("one watch of configmaps", () -> watches("configmaps") == 1);
    assertEquals(1, watches("configmaps"), "two users, one watch");
  }

  @Test
  void startStartsOnlyWhatIsNewAndSyncIsReportedForStartedInformers() throws Exception {
    factory = SharedInformerFactory.builder(client).build();
    SharedIndexInformer<DynamicObject> configMaps = factory.informerFor(ConfigMaps.TYPE);
    factory.start();
    SharedIndexInformer<Lease> leases = factory.informerFor(Lease.TYPE);
    assertFalse(leases.hasStarted(), "asked for after start: waits for the next start()");
    assertEquals(Map.of(ConfigMaps.TYPE, true), factory.waitForCacheSync(seconds(10)));
    factory.start(); // must not start configMaps a second time (that would throw)
    assertTrue(leases.hasStarted() && configMaps.hasStarted());
    assertEquals(Map.of(ConfigMaps.TYPE, true, Lease.TYPE, true), factory.waitForCacheSync(seconds(10)));
  }

  @Test
  void namespaceAndSelectorsApplyToEveryInformerOfTheFactory() throws Exception {
    factory = SharedInformerFactory.builder(client).namespace("other").selectors("app=web", null).build();
    SharedIndexInformer<DynamicObject> configMaps = factory.informerFor(ConfigMaps.TYPE);
    SharedIndexInformer<DynamicObject> namespaces = factory.informerFor(NAMESPACES);
    factory.start();
    factory.waitForCacheSync(seconds(10));
    assertEquals(Set.of("other/a"), keys(configMaps), "namespace other, label app=web");
    assertTrue(keys(namespaces).isEmpty(), "cluster-scoped: not narrowed to a namespace, but the selector applies");
    client.resource(ConfigMaps.TYPE).inNamespace("other").create(configMap("other", "c", "web"));
    client.resource(ConfigMaps.TYPE).inNamespace("default").create(configMap("default", "c", "web"));
    Await.until("other/c arrives", () -> keys(configMaps).contains("other/c"));
    assertEquals(Set.of("other/a", "other/c"), keys(configMaps));
  }

  @Test
  void customisationRunsOnceAndResyncIsPerTypeOrDefault() {
    factory = SharedInformerFactory.builder(client).defaultResync(Duration.ofMinutes(10)).build();
    IndexFunc<Lease> byHolder = l -> List.of(String.valueOf(l.spec().holderIdentity()));
    SharedIndexInformer<Lease> leases = factory.informerFor(Lease.TYPE, b -> b.indexer("holder", byHolder));
    assertSame(leases, factory.informerFor(Lease.TYPE, b -> { throw new AssertionError("not run again"); }));
    assertThrows(IllegalArgumentException.class, () -> leases.addIndexers(Map.of("holder", byHolder)),
        "the customisation added the index");
  }

  @Test
  void shutdownStopsEveryInformerAndItsThreadsAndNothingStartsAfterIt() throws Exception {
    factory = SharedInformerFactory.builder(client).build();
    SharedIndexInformer<DynamicObject> configMaps = factory.informerFor(ConfigMaps.TYPE);
    SharedIndexInformer<Lease> leases = factory.informerFor(Lease.TYPE);
    factory.start();
    factory.waitForCacheSync(seconds(10));
    factory.shutdown();
    assertTrue(configMaps.isStopped() && leases.isStopped());
    ThreadsGone.assertNoThreads("informer[");
    factory.start(); // nothing to do, no exception
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> factory.informerFor(NAMESPACES));
    assertTrue(e.getMessage().contains("shut down"), e.getMessage());
    assertSame(leases, factory.informerFor(Lease.TYPE), "known types are still returned, as in client-go");
    factory.shutdown(); // idempotent
  }

  @Test
  void aLeaseWrittenLaterReachesTheSharedCache() throws Exception {
    factory = SharedInformerFactory.builder(client).namespace("default").build();
    SharedIndexInformer<Lease> leases = factory.informerFor(Lease.TYPE);
    factory.start();
    factory.waitForCacheSync(seconds(10));
    client.resource(Lease.TYPE).inNamespace("default")
        .create(Lease.of(ObjectMeta.of("default", "l"), new LeaseSpec("me", 15, null, null, null, null, null, null)));
    Await.until("the lease is cached", () -> keys(leases).contains("default/l"));
  }
}
