package io.kubeloop.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.DynamicObject;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.api.ObjectKey;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.config.ClientConfig;
import io.kubeloop.lease.LeaderCallbacks;
import io.kubeloop.lease.LeaderElectionConfig;
import io.kubeloop.lease.LeaderElector;
import io.kubeloop.lease.LeaseLock;
import io.kubeloop.lease.LeaseTiming;
import io.kubeloop.testing.Await;
import io.kubeloop.testing.apiserver.ApiServer;
import io.kubeloop.watch.cache.ResourceEventHandler;
import io.kubeloop.watch.cache.SharedIndexInformer;
import io.kubeloop.watch.controller.Controller;
import io.kubeloop.watch.controller.Result;
import io.kubeloop.watch.workqueue.QueueConfig;
import io.kubeloop.watch.workqueue.RateLimiters;
import io.kubeloop.watch.workqueue.RateLimitingQueue;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The code of the top-level README's "A controller in one screen", kept compiling and working: it runs against
 * the embedded API server and must reconcile a VirtualMachine while holding the lease.
 */
class ReadmeTourTest {
  @Test
  void theReadmeControllerReconcilesWhileLeading() throws Exception {
    try (ApiServer server = ApiServer.start()) {
      ClientConfig config = server.clientConfig(); // the README says ClientConfig.load()
      installCrd(config);
      List<ObjectKey> reconciled = new CopyOnWriteArrayList<>();
      String podName = "tour-1";
      Context stop = Context.background().withCancel();
      Thread main = new Thread(() -> {
        // ---- from the README, with the reconcile body filled in ----
        KubeClient client = KubeClient.create(config);
        ResourceClient<DynamicObject> vms = client.resource(
            ResourceType.dynamic("cloudnative.czs", "v1alpha1", "virtualmachines", "VirtualMachine", true));

        SharedIndexInformer<DynamicObject> informer = SharedIndexInformer.builder(vms).build();
        RateLimitingQueue<ObjectKey> queue = RateLimitingQueue.create(
            RateLimiters.defaultControllerRateLimiter(), QueueConfig.named("vms"));
        informer.addEventHandler(new ResourceEventHandler<>() {
          public void onAdd(DynamicObject vm, boolean initial) { queue.add(vm.key()); }
          public void onUpdate(DynamicObject old, DynamicObject vm) { queue.add(vm.key()); }
          public void onDelete(DynamicObject vm) { queue.add(vm.key()); }
        });

        Controller<ObjectKey> controller = Controller.builder("vms", queue, key -> {
              Optional<DynamicObject> vm = informer.lister().get(key);
              vm.ifPresent(v -> reconciled.add(key));
              return Result.done();
            })
            .workers(2)
            .waitForSync(informer::hasSynced)
            .build();

        LeaderElectionConfig election = LeaderElectionConfig.builder()
            .lock(LeaseLock.builder(client.resource(Lease.TYPE), "default", "vm-controller", podName).build())
            .timing(LeaseTiming.defaults())
            .releaseOnCancel(true)
            .callbacks(LeaderCallbacks.of(leading -> {
              informer.start();
              try {
                controller.run(leading);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                informer.close();
              }
            }, () -> {}))
            .build();
        LeaderElector.create(election).run(stop);
        // ---- end of the README code ----
        client.close();
      }, "readme-tour");
      main.start();

      ResourceClient<DynamicObject> vms = KubeClient.create(config).resource(
          ResourceType.dynamic("cloudnative.czs", "v1alpha1", "virtualmachines", "VirtualMachine", true)).inNamespace("default");
      vms.create(DynamicObject.parse("{\"apiVersion\":\"cloudnative.czs/v1alpha1\",\"kind\":\"VirtualMachine\","
          + "\"metadata\":{\"name\":\"vm-1\"},\"spec\":{\"action\":\"start\"}}"));
      Await.until("the README controller reconciled vm-1", () -> reconciled.contains(ObjectKey.of("default", "vm-1")));
      stop.cancel();
      main.join(15_000);
      assertTrue(!main.isAlive(), "the elector returned after cancel");
      assertEquals("", KubeClient.create(config).resource(Lease.TYPE).inNamespace("default").get("vm-controller")
          .spec().holderIdentity(), "the lease was released on cancel");
    }
  }

  private static void installCrd(ClientConfig config) throws Exception {
    KubeClient client = KubeClient.create(config);
    client.resource(ResourceType.dynamic("apiextensions.k8s.io", "v1", "customresourcedefinitions",
        "CustomResourceDefinition", false)).create(DynamicObject.parse("""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"virtualmachines.cloudnative.czs"},
         "spec":{"group":"cloudnative.czs","scope":"Namespaced",
           "names":{"plural":"virtualmachines","singular":"virtualmachine","kind":"VirtualMachine","shortNames":["vm"]},
           "versions":[{"name":"v1alpha1","served":true,"storage":true,
             "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}"""));
    client.close();
  }
}
