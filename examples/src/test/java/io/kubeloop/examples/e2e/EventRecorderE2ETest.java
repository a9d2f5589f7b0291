package io.kubeloop.examples.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.client.ListOptions;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.core.record.Event;
import io.kubeloop.core.record.EventBroadcaster;
import io.kubeloop.core.record.EventRecorder;
import io.kubeloop.core.record.EventSink;
import io.kubeloop.core.record.EventSource;
import io.kubeloop.examples.embedded.EmbeddedCluster;
import io.kubeloop.examples.vm.VirtualMachine;
import io.kubeloop.examples.vm.VirtualMachineSpec;
import io.kubeloop.examples.vm.VmResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event recorder of {@code core.record} against the embedded server: create, then aggregate by PATCH. */
class EventRecorderE2ETest {
  @TempDir
  Path dir;

  @Test
  void repeatsBecomeOneEventWithACount() throws Exception {
    try (EmbeddedCluster cluster = EmbeddedCluster.start(0, false, dir.resolve("kc"), true);
        KubeClient client = KubeClient.create(cluster.clientConfig());
        EventBroadcaster broadcaster = EventBroadcaster.start(EventSink.of(client), Clock.system())) {
      VirtualMachine vm = client.resource(VirtualMachine.TYPE).inNamespace("default").create(VirtualMachine.of(
          ObjectMeta.of("default", "web"), VirtualMachineSpec.of(VmResources.of("1", "1Gi", "1Gi"))));
      EventRecorder recorder = broadcaster.newRecorder(EventSource.of("vm-controller", "replica-1"));
      for (int i = 0; i < 3; i++) {
        recorder.event(vm, EventRecorder.WARNING, "ServerFailed", "backend unavailable");
      }
      recorder.event(vm, EventRecorder.NORMAL, "ServerCreated", "Created server srv-000001");
      assertTrue(broadcaster.flush(Duration.ofSeconds(10)));

      List<Event> events = client.resource(Event.TYPE).inNamespace("default")
          .list(ListOptions.defaults().withFieldSelector("involvedObject.uid=" + vm.metadata().uid())).items();
      assertEquals(2, events.size(), events.toString());
      Event failed = events.stream().filter(e -> e.reason().equals("ServerFailed")).findFirst().orElseThrow();
      assertEquals(3, failed.count());
      assertEquals("Warning", failed.type());
      assertEquals("VirtualMachine", failed.involvedObject().kind());
      assertEquals("cloudnative.czs/v1alpha1", failed.involvedObject().apiVersion());
      assertEquals("vm-controller", failed.source().component());
      assertTrue(!failed.lastTimestamp().isBefore(failed.firstTimestamp()));
    }
  }
}
