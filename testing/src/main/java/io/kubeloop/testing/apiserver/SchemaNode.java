package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One node of a structural schema (apiextensions-apiserver {@code pkg/apiserver/schema/structural.go}
 * {@code Structural}): the parsed form of an {@code openAPIV3Schema} object that {@link StructuralSchema} walks.
 * Package-private; immutable after construction.
 */
final class SchemaNode {
  final String type; // "" when absent
  final boolean nullable;
  final SortedMap<String, SchemaNode> properties;
  final SchemaNode items;
  /** Schema of additional properties; for {@code additionalProperties: true}, a node that preserves anything. */
  final SchemaNode additionalProperties;
  final List<String> required;
  final List<JsonNode> enumValues;
  final JsonNode minimum;
  final JsonNode maximum;
  final boolean exclusiveMinimum;
  final boolean exclusiveMaximum;
  final Long minLength;
  final Long maxLength;
  final String patternText;
  final Pattern pattern;
  final Long minItems;
  final Long maxItems;
  final Long minProperties;
  final Long maxProperties;
  final String format;
  final boolean intOrString;
  final boolean preserveUnknownFields;
  final boolean embeddedResource;
  final JsonNode defaultValue; // null when absent

  private SchemaNode(JsonNode s) {
    this.type = s.path("type").asText("");
    this.nullable = s.path("nullable").asBoolean(false);
    SortedMap<String, SchemaNode> props = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      props.put(e.getKey(), new SchemaNode(e.getValue()));
    }
    this.properties = Collections.unmodifiableSortedMap(props);
    this.items = s.path("items").isObject() ? new SchemaNode(s.get("items")) : null;
    JsonNode additional = s.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      this.additionalProperties = new SchemaNode(additional);
    } else if (additional != null && additional.isBoolean() && additional.booleanValue()) {
      this.additionalProperties = preserveAnything();
    } else {
      this.additionalProperties = null;
    }
    List<String> req = new ArrayList<>();
    s.path("required").forEach(r -> req.add(r.asText()));
    this.required = List.copyOf(req);
    List<JsonNode> enums = new ArrayList<>();
    s.path("enum").forEach(enums::add);
    this.enumValues = List.copyOf(enums);
    this.minimum = s.path("minimum").isNumber() ? s.get("minimum") : null;
    this.maximum = s.path("maximum").isNumber() ? s.get("maximum") : null;
    this.exclusiveMinimum = s.path("exclusiveMinimum").asBoolean(false);
    this.exclusiveMaximum = s.path("exclusiveMaximum").asBoolean(false);
    this.minLength = optionalLong(s, "minLength");
    this.maxLength = optionalLong(s, "maxLength");
    this.patternText = s.path("pattern").isTextual() ? s.get("pattern").textValue() : null;
    this.pattern = compile(patternText);
    this.minItems = optionalLong(s, "minItems");
    this.maxItems = optionalLong(s, "maxItems");
    this.minProperties = optionalLong(s, "minProperties");
    this.maxProperties = optionalLong(s, "maxProperties");
    this.format = s.path("format").asText("");
    this.intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
    this.preserveUnknownFields = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    this.embeddedResource = s.path("x-kubernetes-embedded-resource").asBoolean(false);
    this.defaultValue = s.has("default") ? s.get("default").deepCopy() : null;
  }

  static SchemaNode parse(JsonNode schema) {
    if (schema == null || !schema.isObject()) {
      throw new IllegalArgumentException("expected an openAPIV3Schema object but was "
          + (schema == null ? "nothing" : schema.getNodeType()) + "; pass spec.versions[].schema.openAPIV3Schema of the CRD");
    }
    return new SchemaNode(schema);
  }

  private static SchemaNode preserveAnything() {
    return new SchemaNode(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
        .put("x-kubernetes-preserve-unknown-fields", true));
  }

  private static Long optionalLong(JsonNode s, String field) {
    JsonNode v = s.get(field);
    return v != null && v.isNumber() ? v.longValue() : null;
  }

  private static Pattern compile(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      return null; // reported at validation time, as kube-openapi does
    }
  }

  /** The schema for member {@code key} of an object: its property, else additionalProperties, else none. */
  SchemaNode child(String key) {
    SchemaNode p = properties.get(key);
    return p != null ? p : additionalProperties;
  }

  /** The type names kube-openapi checks against, joined by a comma (int-or-string: {@code integer,string}). */
  String typeList() {
    return intOrString ? "integer,string" : type;
  }
}
