package io.kubeloop.watch.cache;

import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectMeta;
import java.util.Map;

/** A tiny immutable object for cache tests: a name, a resourceVersion, labels and one value. */
record Obj(ObjectMeta metadata, String value) implements KubernetesObject {
  static Obj of(String name, String rv) {
    return new Obj(ObjectMeta.of(null, name).withResourceVersion(rv), rv);
  }

  static Obj of(String namespace, String name, String rv) {
    return new Obj(ObjectMeta.of(namespace, name).withResourceVersion(rv), rv);
  }

  Obj withLabels(Map<String, String> labels) {
    return new Obj(metadata.withLabels(labels), value);
  }

  Obj withResourceVersion(String rv) {
    return new Obj(metadata.withResourceVersion(rv), value);
  }

  Obj withValue(String v) {
    return new Obj(metadata, v);
  }

  String rv() {
    return metadata.resourceVersion();
  }

  @Override
  public String apiVersion() {
    return "test/v1";
  }

  @Override
  public String kind() {
    return "Obj";
  }

  @Override
  public String toString() {
    return metadata.key() + "@" + metadata.resourceVersion();
  }
}
