package io.kubeloop.watch.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.kubeloop.core.api.DynamicObject;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.client.ListOptions;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.client.WatchOptions;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Selectors are added to what the reflector asks for and never touch its resourceVersion fields. */
class ResourceListerWatcherTest {
  private static final ResourceType<DynamicObject> PODS = ResourceType.dynamic("", "v1", "pods", "Pod", true);

  @SuppressWarnings("unchecked")
  private final ResourceClient<DynamicObject> client = mock(ResourceClient.class);

  @Test
  void selectorsAreAddedToListAndWatch() throws Exception {
    when(client.type()).thenReturn(PODS);
    when(client.namespace()).thenReturn("ns");
    ListerWatcher<DynamicObject> lw = ListerWatcher.forResource(client, "app=web", "spec.nodeName=n1");
    lw.list(ListOptions.defaults().withResourceVersion("0").withLimit(500));
    ArgumentCaptor<ListOptions> list = ArgumentCaptor.forClass(ListOptions.class);
    verify(client).list(list.capture());
    assertEquals(new ListOptions("app=web", "spec.nodeName=n1", 500L, null, "0", null, null), list.getValue());

    lw.watch(WatchOptions.defaults().withResourceVersion("7"));
    ArgumentCaptor<WatchOptions> watch = ArgumentCaptor.forClass(WatchOptions.class);
    verify(client).watch(watch.capture());
    assertEquals("app=web", watch.getValue().labelSelector());
    assertEquals("spec.nodeName=n1", watch.getValue().fieldSelector());
    assertEquals("7", watch.getValue().resourceVersion());
    assertEquals("pods in ns labels app=web fields spec.nodeName=n1", lw.description());
  }

  @Test
  void withoutSelectorsTheOptionsPassUnchanged() throws Exception {
    when(client.type()).thenReturn(PODS);
    ListerWatcher<DynamicObject> lw = ListerWatcher.forResource(client);
    ListOptions options = ListOptions.defaults().withResourceVersion("0");
    lw.list(options);
    verify(client).list(options);
    lw.watch(WatchOptions.defaults());
    verify(client).watch(any());
    assertEquals("pods", lw.description());
  }
}
