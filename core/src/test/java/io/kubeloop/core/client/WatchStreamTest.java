package io.kubeloop.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.DynamicObject;
import io.kubeloop.core.api.EventType;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.api.WatchEvent;
import io.kubeloop.core.config.ClientConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class WatchStreamTest extends ServerSupport {
  static final String ADDED_A = """
      {"type":"ADDED","object":{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"a","namespace":"ns","resourceVersion":"5"},"spec":{"holderIdentity":"x"}}}
      """;
  static final String MODIFIED_A = """
      {"type":"MODIFIED","object":{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"a","namespace":"ns","resourceVersion":"6"},"spec":{"holderIdentity":"y"}}}
      """;

  ResourceClient<Lease> leases() {
    return client.resource(Lease.TYPE).inNamespace("ns");
  }

  @Test
  void eventsSplitAcrossChunksAreDecodedAsEachCompletes() throws Exception {
    PiecewiseBody body = new PiecewiseBody();
    server.enqueue(stream(body));
    try (WatchStream<Lease> watch = leases().watch(WatchOptions.defaults().withResourceVersion("4"))) {
      // The first event arrives in three pieces; the second starts in the same chunk as the end of the first.
      body.send(ADDED_A.substring(0, 10));
      body.send(ADDED_A.substring(10, 60));
      body.send(ADDED_A.substring(60) + MODIFIED_A.substring(0, 25));
      WatchEvent<Lease> first = watch.next();
      assertEquals(EventType.ADDED, first.type());
      assertEquals("5", first.object().metadata().resourceVersion());
      body.send(MODIFIED_A.substring(25).strip()); // no newline after the last event: not relied on
      WatchEvent<Lease> second = watch.next();
      assertEquals(EventType.MODIFIED, second.type());
      assertEquals("y", second.object().spec().holderIdentity());
      body.end();
      assertNull(watch.next(), "the end of the body ends the stream");
      assertNull(watch.next(), "and it stays ended");
    }
    RecordedRequest r = take();
    assertEquals("GET", r.getMethod());
    assertEquals("/apis/coordination.k8s.io/v1/namespaces/ns/leases?watch=true&resourceVersion=4", r.getTarget());
  }

  @Test
  void watchQueryCarriesEveryOption() throws Exception {
    server.enqueue(json(200, ""));
    WatchOptions options = WatchOptions.defaults().withLabelSelector("app=web,tier!=db").withFieldSelector("metadata.name=a")
        .withResourceVersion("10").withResourceVersionMatch("NotOlderThan").withAllowWatchBookmarks(true)
        .withTimeoutSeconds(300).withSendInitialEvents(true);
    try (WatchStream<Lease> watch = client.resource(Lease.TYPE).watch(options)) {
      assertNull(watch.next());
    }
    assertEquals("/apis/coordination.k8s.io/v1/leases?watch=true&labelSelector=app%3Dweb%2Ctier%21%3Ddb"
        + "&fieldSelector=metadata.name%3Da&resourceVersion=10&resourceVersionMatch=NotOlderThan"
        + "&allowWatchBookmarks=true&timeoutSeconds=300&sendInitialEvents=true", take().getTarget());
  }

  @Test
  void errorEventCarriesTheServerStatus() throws Exception {
    server.enqueue(json(200, """
        {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 1 (5)","reason":"Expired","code":410}}
        """));
    try (WatchStream<Lease> watch = leases().watch(WatchOptions.defaults().withResourceVersion("1"))) {
      WatchEvent<Lease> e = watch.next();
      assertEquals(EventType.ERROR, e.type());
      assertEquals(410, e.status().code());
      assertTrue(new ApiException(e.status()).isGone());
      assertNull(watch.next());
    }
  }

  @Test
  void malformedEventIsReportedAsA500ErrorEventThenTheStreamEnds() throws Exception {
    server.enqueue(json(200, ADDED_A + "{\"type\":\"ADDED\",\"object\":{\"metadata\": nope}}\n" + MODIFIED_A));
    try (WatchStream<Lease> watch = leases().watch(WatchOptions.defaults())) {
      assertEquals(EventType.ADDED, watch.next().type());
      WatchEvent<Lease> e = watch.next();
      assertEquals(EventType.ERROR, e.type());
      assertEquals(500, e.status().code());
      assertEquals("InternalError", e.status().reason());
      assertTrue(e.status().message().startsWith("unable to decode an event from the watch stream: "), e.status().message());
      assertEquals("ClientWatchDecoding", e.status().causes().get(0).reason());
      assertNull(watch.next(), "nothing after a decode error");
    }
  }

  @Test
  void anUndecodableObjectIsReportedWithoutQuotingItsValues() throws Exception {
    // A value of the wrong type: Jackson's own message would quote it into the ERROR event and the log line, and
    // the object of a watch may be a Secret.
    server.enqueue(json(200, "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\"},"
        + "\"spec\":{\"leaseDurationSeconds\":\"hunter2-SECRET\"}}}\n"));
    try (WatchStream<Lease> watch = leases().watch(WatchOptions.defaults())) {
      WatchEvent<Lease> e = watch.next();
      assertEquals(EventType.ERROR, e.type());
      String message = e.status().message();
      assertFalse(message.contains("SECRET"), message);
      assertTrue(message.contains("spec.leaseDurationSeconds"), "names the field: " + message);
    }
    server.enqueue(json(200, "{\"metadata\":{\"name\":\"a\"},\"spec\":{\"leaseDurationSeconds\":\"hunter2-SECRET\"}}"));
    IOException get = assertThrows(IOException.class, () -> leases().get("a"));
    for (Throwable t = get; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains("SECRET"), t.getMessage());
    }
    assertTrue(get.getMessage().contains("spec.leaseDurationSeconds"), get.getMessage());
  }

  @Test
  void unknownEventTypeIsADecodeError() throws Exception {
    server.enqueue(json(200, "{\"type\":\"RENAMED\",\"object\":{}}\n"));
    try (WatchStream<Lease> watch = leases().watch(WatchOptions.defaults())) {
      WatchEvent<Lease> e = watch.next();
      assertEquals(500, e.status().code());
      assertEquals("unable to decode an event from the watch stream: got invalid watch event type: RENAMED", e.status().message());
    }
  }

  @Test
  void closeUnblocksAWaitingNextAndAbortsTheExchange() throws Exception {
    PiecewiseBody body = new PiecewiseBody();
    server.enqueue(stream(body));
    WatchStream<Lease> watch = leases().watch(WatchOptions.defaults());
    body.send(ADDED_A);
    assertEquals(EventType.ADDED, watch.next().type());
    CompletableFuture<WatchEvent<Lease>> blocked = CompletableFuture.supplyAsync(() -> {
      try {
        return watch.next();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    take();
    watch.close();
    assertNull(blocked.get(10, TimeUnit.SECONDS), "next() returns null after close()");
    watch.close(); // idempotent
    body.end();
  }

  @Test
  void cancellingTheContextClosesTheStream() throws Exception {
    PiecewiseBody body = new PiecewiseBody();
    server.enqueue(stream(body));
    Context context = Context.background().withCancel();
    WatchStream<Lease> watch = leases().withContext(context).watch(WatchOptions.defaults());
    CompletableFuture<WatchEvent<Lease>> blocked = CompletableFuture.supplyAsync(() -> {
      try {
        return watch.next();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    take();
    context.cancel();
    assertNull(blocked.get(10, TimeUnit.SECONDS));
    body.end();
  }

  @Test
  void non200StartsNoStreamButThrowsTheStatus() throws Exception {
    server.enqueue(json(403, """
        {"kind":"Status","apiVersion":"v1","status":"Failure","message":"leases is forbidden","reason":"Forbidden","code":403}"""));
    ApiException e = assertThrows(ApiException.class, () -> leases().watch(WatchOptions.defaults()));
    assertTrue(e.isForbidden());
    assertEquals("leases is forbidden", e.status().message());
  }

  @Test
  void aConnectionBrokenMidEventThrowsIOException() throws Exception {
    // MockWebServer cannot cut a response short, so a bare socket plays the server: headers, one and a half
    // events, then the connection closes.
    try (ServerSocket bare = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
        try (Socket s = bare.accept()) {
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
              StandardCharsets.US_ASCII));
          while (!in.readLine().isEmpty()) {
            // request headers
          }
          String chunk = ADDED_A + MODIFIED_A.substring(0, 40);
          byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
          OutputStream out = s.getOutputStream();
          out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
              + Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(bytes);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      URI uri = URI.create("http://127.0.0.1:" + bare.getLocalPort() + "/");
      try (KubeClient c = KubeClient.create(ClientConfig.builder(uri).build(), clock);
          WatchStream<Lease> watch = c.resource(Lease.TYPE).inNamespace("ns").watch(WatchOptions.defaults())) {
        assertEquals(EventType.ADDED, watch.next().type());
        serving.get(10, TimeUnit.SECONDS);
        IOException e = assertThrows(IOException.class, watch::next);
        assertTrue(e.getMessage().startsWith("GET /apis/coordination.k8s.io/v1/namespaces/ns/leases: watch stream broken"),
            e.getMessage());
        assertNull(watch.next(), "a broken stream is closed");
      }
    }
  }

  @Test
  void dynamicObjectsDecodeFromEventsAndLists() throws Exception {
    ResourceType<DynamicObject> vms = ResourceType.dynamic(
        "cloudnative.czs", "v1alpha1", "virtualmachines", "VirtualMachine", true);
    String vm = "{\"apiVersion\":\"cloudnative.czs/v1alpha1\",\"kind\":\"VirtualMachine\",\"metadata\":{\"name\":\"vm1\",\"namespace\":\"ns\",\"resourceVersion\":\"3\"},\"spec\":{\"cpu\":2}}";
    server.enqueue(json(200, "{\"kind\":\"VirtualMachineList\",\"metadata\":{\"resourceVersion\":\"3\"},\"items\":[" + vm + "]}"));
    server.enqueue(json(200, "{\"type\":\"ADDED\",\"object\":" + vm + "}\n"));
    ResourceClient<DynamicObject> client = this.client.resource(vms).inNamespace("ns");
    assertEquals(2, client.list().items().get(0).at("/spec/cpu").asInt());
    try (WatchStream<DynamicObject> watch = client.watch(WatchOptions.defaults().withResourceVersion("3"))) {
      assertEquals("vm1", watch.next().object().metadata().name());
    }
    assertEquals("/apis/cloudnative.czs/v1alpha1/namespaces/ns/virtualmachines", take().getTarget());
  }

  @Test
  void cancellingEndsTheReadOfARefusalWhoseBodyTheServerStalls() throws Exception {
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(500).setHeader("Content-Type", "application/json")
        .body("{\"kind\":\"Status\",\"code\":500}").bodyDelay(60, java.util.concurrent.TimeUnit.SECONDS).build());
    io.kubeloop.core.Context context = io.kubeloop.core.Context.background().withCancel();
    java.util.concurrent.CompletableFuture<Throwable> failure = new java.util.concurrent.CompletableFuture<>();
    Thread watcher = new Thread(() -> {
      try (WatchStream<Lease> watch = leases().withContext(context).watch(WatchOptions.defaults())) {
        failure.complete(null);
      } catch (Exception e) {
        failure.complete(e);
      }
    }, "refused-watch");
    watcher.start();
    // Wait until the headers are in and the caller reads the body the server stalls (before that, a cancel is
    // the transport's, tested elsewhere).
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (java.util.Arrays.stream(watcher.getStackTrace()).noneMatch(f -> f.getMethodName().equals("readNBytes"))) {
      assertTrue(System.nanoTime() < deadline, "the watch never got to reading the refusal's body");
      Thread.onSpinWait();
    }
    context.cancel();
    Throwable e = failure.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertTrue(e instanceof java.io.InterruptedIOException && e.getMessage().contains("refused the watch"),
        String.valueOf(e));
  }

}
