package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Server-side Table output ({@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1}) for lists, gets and
 * watch events. Java counterpart of the apiserver's {@code asTable} (pkg/endpoints/handlers/response.go), the
 * default convertor (pkg/registry/rest/table.go), the built-in printers kubectl relies on (ConfigMap, Secret,
 * Namespace, Lease) and the CRD printer-column convertor (apiextensions-apiserver tableconvertor).
 */
final class Tables {
  private static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating "
      + "resources, although some resources may allow a client to request the generation of an appropriate name "
      + "automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot "
      + "be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
  private static final String AGE_DESCRIPTION = "CreationTimestamp is a timestamp representing the server time when "
      + "this object was created. It is not guaranteed to be set in happens-before order across separate "
      + "operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.";

  private record Col(String name, String type, String format, String description, int priority,
      Function<ObjectNode, JsonNode> cell) {}

  private Tables() {}

  /** Checks {@code includeObject}: unset, {@code None}, {@code Metadata} or {@code Object}. */
  static String includeObject(ApiRequest request) {
    String v = request.param("includeObject");
    if (!v.isEmpty() && !v.equals("None") && !v.equals("Metadata") && !v.equals("Object")) {
      throw ApiError.badRequest("unrecognized includeObject value: \"" + v + "\"");
    }
    return v.isEmpty() ? "Metadata" : v;
  }

  /**
   * A Table of {@code objects}; {@code metadata} is left empty for the caller.
   *
   * @param withColumns {@code false} for watch events after the first (the real server's {@code NoHeaders})
   */
  static ObjectNode table(ResourceType type, List<ObjectNode> objects, String apiVersion, String includeObject,
      boolean withColumns, Instant now) {
    List<Col> cols = columns(type, now);
    ObjectNode table = Json.object();
    table.put("kind", "Table").put("apiVersion", apiVersion);
    table.putObject("metadata");
    if (withColumns) {
      ArrayNode defs = table.putArray("columnDefinitions");
      for (Col c : cols) {
        defs.addObject().put("name", c.name).put("type", c.type).put("format", c.format)
            .put("description", c.description).put("priority", c.priority);
      }
    }
    ArrayNode rows = table.putArray("rows");
    for (ObjectNode o : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Col c : cols) {
        cells.add(c.cell.apply(o));
      }
      if (includeObject.equals("Object")) {
        row.set("object", o);
      } else if (includeObject.equals("Metadata")) {
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", o.path("metadata").deepCopy());
      }
    }
    return table;
  }

  private static List<Col> columns(ResourceType type, Instant now) {
    List<Col> cols = new ArrayList<>();
    cols.add(new Col("Name", "string", "name", NAME_DESCRIPTION, 0, o -> Json.NODES.textNode(Json.name(o))));
    Col age = new Col("Age", "string", "", AGE_DESCRIPTION, 0,
        o -> Json.NODES.textNode(age(o.path("metadata").path("creationTimestamp"), now)));
    if (type.strategy() == ResourceType.Strategy.CUSTOM) {
      JsonNode printer = type.printerColumns();
      if (printer == null || printer.isEmpty()) {
        cols.add(age);
        return cols;
      }
      for (JsonNode p : printer) {
        String path = p.path("jsonPath").asText();
        String colType = p.path("type").asText("string");
        String description = p.path("description").asText(
            "Custom resource definition column (in JSONPath format): " + path);
        cols.add(new Col(p.path("name").asText(), colType, p.path("format").asText(""), description,
            p.path("priority").asInt(0), o -> {
              JsonNode v = jsonPath(o, path);
              if (v == null || v.isNull()) {
                return Json.NODES.nullNode();
              }
              return colType.equals("date") ? Json.NODES.textNode(age(v, now)) : v;
            }));
      }
      return cols;
    }
    String kind = type.group() + "/" + type.kind();
    switch (kind) {
      case "/ConfigMap" -> cols.add(new Col("Data", "string", "", "Data contains the configuration data.", 0,
          o -> Json.NODES.numberNode(o.path("data").size() + o.path("binaryData").size())));
      case "/Secret" -> {
        cols.add(new Col("Type", "string", "", "Used to facilitate programmatic handling of secret data.", 0,
            o -> Json.NODES.textNode(o.path("type").asText("Opaque"))));
        cols.add(new Col("Data", "string", "", "Data contains the secret data.", 0,
            o -> Json.NODES.numberNode(o.path("data").size() + o.path("stringData").size())));
      }
      case "/Namespace" -> cols.add(new Col("Status", "string", "",
          "The status of the namespace", 0, o -> Json.NODES.textNode(o.path("status").path("phase").asText(""))));
      case "coordination.k8s.io/Lease" -> cols.add(new Col("Holder", "string", "",
          "holderIdentity contains the identity of the holder of a current lease.", 0,
          o -> Json.NODES.textNode(o.path("spec").path("holderIdentity").asText(""))));
      default -> {
        cols.add(new Col("Created At", "date", "", AGE_DESCRIPTION, 0,
            o -> Json.NODES.textNode(o.path("metadata").path("creationTimestamp").asText(""))));
        return cols;
      }
    }
    cols.add(age);
    return cols;
  }

  /** A JSONPath of the simple forms CRDs use: {@code .a.b}, {@code .a[0].b}. Missing → {@code null}. */
  static JsonNode jsonPath(JsonNode root, String path) {
    String p = path.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1);
    }
    JsonNode n = root;
    for (String part : p.split("\\.")) {
      if (part.isEmpty()) {
        continue;
      }
      int bracket = part.indexOf('[');
      String field = bracket < 0 ? part : part.substring(0, bracket);
      if (!field.isEmpty()) {
        n = n.path(field);
      }
      while (bracket >= 0) {
        int close = part.indexOf(']', bracket);
        String index = part.substring(bracket + 1, close);
        try {
          n = n.path(Integer.parseInt(index));
        } catch (NumberFormatException e) {
          return null;
        }
        bracket = part.indexOf('[', close);
      }
    }
    return n.isMissingNode() ? null : n;
  }

  private static String age(JsonNode timestamp, Instant now) {
    if (!timestamp.isTextual()) {
      return "<unknown>";
    }
    try {
      return humanDuration(Duration.between(Instant.parse(timestamp.asText()), now));
    } catch (RuntimeException e) {
      return "<invalid>";
    }
  }

  /** apimachinery {@code duration.HumanDuration}. */
  static String humanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = seconds / 3600;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    if (hours < 192) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    }
    long days = hours / 24;
    if (days < 365 * 2) {
      return days + "d";
    }
    long years = days / 365;
    long restDays = days % 365;
    return years < 8 && restDays != 0 ? years + "y" + restDays + "d" : years + "y";
  }
}
