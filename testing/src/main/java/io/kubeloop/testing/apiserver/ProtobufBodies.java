package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Decodes the few protobuf request bodies that kubectl's typed generators send ({@code kubectl create namespace},
 * {@code create configmap}, {@code create secret}): the {@code k8s\0} envelope with a {@code runtime.Unknown}
 * (typeMeta = 1, raw = 2) around a Namespace, ConfigMap or Secret. Only the fields those commands set are read
 * (ObjectMeta name, generateName, namespace, labels, annotations, finalizers; ConfigMap data/binaryData; Secret
 * data/type/stringData); anything else is answered 415 like a JSON-only server would (spec §1.4, a MAY).
 * Counterpart of apimachinery's protobuf serializer (k8s.io/apimachinery pkg/runtime/serializer/protobuf).
 */
final class ProtobufBodies {
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private ProtobufBodies() {}

  /** A minimal protobuf wire reader. */
  private static final class Reader {
    final byte[] b;
    int pos;
    final int end;

    Reader(byte[] b, int from, int to) {
      this.b = b;
      this.pos = from;
      this.end = to;
    }

    boolean more() {
      return pos < end;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new IllegalArgumentException("truncated varint");
        }
        byte x = b[pos++];
        v |= (long) (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }

    Reader sub() {
      int len = (int) varint();
      if (len < 0 || pos + len > end) {
        throw new IllegalArgumentException("truncated field");
      }
      Reader r = new Reader(b, pos, pos + len);
      pos += len;
      return r;
    }

    String string() {
      Reader r = sub();
      return new String(r.b, r.pos, r.end - r.pos, StandardCharsets.UTF_8);
    }

    byte[] bytes() {
      Reader r = sub();
      byte[] out = new byte[r.end - r.pos];
      System.arraycopy(r.b, r.pos, out, 0, out.length);
      return out;
    }

    void skip(int wireType) {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> pos += 8;
        case 2 -> sub();
        case 5 -> pos += 4;
        default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
      }
    }
  }

  /**
   * The JSON form of a protobuf body for {@code type}, or {@code null} if this kind or body is not supported.
   */
  static ObjectNode decode(ResourceType type, byte[] body) {
    if (!type.group().isEmpty() || body.length < 4 || body[0] != 'k' || body[1] != '8' || body[2] != 's'
        || body[3] != 0) {
      return null;
    }
    String kind = type.kind();
    if (!kind.equals("Namespace") && !kind.equals("ConfigMap") && !kind.equals("Secret")) {
      return null;
    }
    try {
      Reader unknown = new Reader(body, MAGIC.length, body.length);
      Reader raw = null;
      while (unknown.more()) {
        long tag = unknown.varint();
        if (tag >>> 3 == 2 && (tag & 7) == 2) {
          raw = unknown.sub();
        } else {
          unknown.skip((int) (tag & 7));
        }
      }
      if (raw == null) {
        return null;
      }
      ObjectNode out = Json.object();
      out.put("apiVersion", "v1").put("kind", kind);
      while (raw.more()) {
        long tag = raw.varint();
        int field = (int) (tag >>> 3);
        int wire = (int) (tag & 7);
        if (wire != 2) {
          raw.skip(wire);
          continue;
        }
        if (field == 1) {
          out.set("metadata", objectMeta(raw.sub()));
        } else if (kind.equals("ConfigMap") && field == 2) {
          mapEntry(raw.sub(), Json.child(out, "data"), false);
        } else if (kind.equals("ConfigMap") && field == 3) {
          mapEntry(raw.sub(), Json.child(out, "binaryData"), true);
        } else if (kind.equals("Secret") && field == 2) {
          mapEntry(raw.sub(), Json.child(out, "data"), true);
        } else if (kind.equals("Secret") && field == 3) {
          out.put("type", raw.string());
        } else if (kind.equals("Secret") && field == 4) {
          mapEntry(raw.sub(), Json.child(out, "stringData"), false);
        } else {
          raw.skip(wire);
        }
      }
      return out;
    } catch (RuntimeException malformed) {
      return null;
    }
  }

  private static ObjectNode objectMeta(Reader r) {
    ObjectNode meta = Json.object();
    List<String> finalizers = new ArrayList<>();
    while (r.more()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (wire != 2) {
        r.skip(wire);
        continue;
      }
      switch (field) {
        case 1 -> meta.put("name", r.string());
        case 2 -> meta.put("generateName", r.string());
        case 3 -> meta.put("namespace", r.string());
        case 11 -> mapEntry(r.sub(), Json.child(meta, "labels"), false);
        case 12 -> mapEntry(r.sub(), Json.child(meta, "annotations"), false);
        case 14 -> finalizers.add(r.string());
        default -> r.skip(wire);
      }
    }
    if (!finalizers.isEmpty()) {
      finalizers.forEach(meta.putArray("finalizers")::add);
    }
    return meta;
  }

  /** One {@code map<string, string|bytes>} entry: key = 1, value = 2; bytes values become base64 as in JSON. */
  private static void mapEntry(Reader r, ObjectNode into, boolean bytesValue) {
    String key = "";
    String value = "";
    while (r.more()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (field == 1 && wire == 2) {
        key = r.string();
      } else if (field == 2 && wire == 2) {
        value = bytesValue ? Base64.getEncoder().encodeToString(r.bytes()) : r.string();
      } else {
        r.skip(wire);
      }
    }
    into.put(key, value);
  }
}
