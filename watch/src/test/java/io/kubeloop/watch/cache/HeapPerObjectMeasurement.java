package io.kubeloop.watch.cache;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.DynamicObject;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.client.ListOptions;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.testing.apiserver.ApiServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Retained heap per cached ConfigMap (shaped as in examples' InformerBench: a label, an annotation, two data
 * entries), split into the objects themselves and what the indexer and the informer add on top. Run with
 * {@code -Dmeasure=true} (and optionally {@code -Dmeasure.count=N}); it prints and asserts nothing.
 */
@EnabledIfSystemProperty(named = "measure", matches = "true")
class HeapPerObjectMeasurement {
  private List<DynamicObject> objects;
  private Indexer<DynamicObject> indexer;
  private SharedIndexInformer<DynamicObject> informer;

  @Test
  void measure() throws Exception {
    int n = Integer.getInteger("measure.count", 10_000);
    try (ApiServer server = ApiServer.start(); KubeClient client = KubeClient.create(server.clientConfig())) {
      var cms = client.resource(ConfigMaps.TYPE).inNamespace(ConfigMaps.NAMESPACE);
      for (int i = 0; i < n; i++) {
        cms.create(DynamicObject.parse("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-" + i
            + "\",\"labels\":{\"app\":\"bench\"},\"annotations\":{\"note\":\"n" + i + "\"}},\"data\":{\"k1\":\"v" + i
            + "\",\"k2\":\"value-two\"}}"));
      }
      long empty = usedAfterGc();
      objects = cms.list(ListOptions.defaults()).items();
      long withObjects = usedAfterGc();
      indexer = Indexer.create(Map.of());
      indexer.replace(objects, "1");
      long withIndexer = usedAfterGc();
      indexer = null;
      objects = null;
      long base = usedAfterGc();
      informer = SharedIndexInformer.builder(ConfigMaps.listerWatcher(client)).name("m").build();
      informer.addEventHandler(new ResourceEventHandler<>() {});
      informer.start();
      informer.waitForCacheSync(Context.background().withTimeout(Clock.system(), Duration.ofMinutes(2)));
      long withInformer = usedAfterGc();
      informer.close();
      System.out.printf("objects alone %.0f B/object; indexer adds %.0f B/object; synced informer in all %.0f B/object%n",
          (withObjects - empty) / (double) n, (withIndexer - withObjects) / (double) n, (withInformer - base) / (double) n);
      informer = null;
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50); // lets the collector settle; a measurement, not a wait for a condition
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
