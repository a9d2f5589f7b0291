package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The validation half of {@link StructuralSchema}: kube-openapi's {@code validate} package as apiextensions
 * converts its results to {@link FieldError}s ({@code kubeOpenAPIResultToFieldErrors}). Texts are kube-openapi's
 * {@code errors/schema.go} templates with {@code in body}, e.g.
 * {@code spec.cpus: Invalid value: "string": spec.cpus in body must be of type integer: "string"}.
 * Package-private; stateless.
 */
final class SchemaValidation {
  private static final Set<String> META_FIELDS = Set.of("apiVersion", "kind", "metadata");
  private static final Pattern IPV4 = Pattern.compile(
      "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");

  private SchemaValidation() {}

  static List<FieldError> validateRoot(JsonNode object, SchemaNode root) {
    List<FieldError> errors = new ArrayList<>();
    if (!object.isObject()) {
      errors.add(FieldError.typeInvalid("<nil>", typeOf(object), " in body must be of type object: "
          + FieldError.goQuote(typeOf(object))));
      return errors;
    }
    validateObjectMembers(object, root, "", errors, true);
    return errors;
  }

  private static void validate(JsonNode x, SchemaNode s, String path, List<FieldError> errors) {
    if (s == null) {
      return;
    }
    String expected = s.typeList();
    if (x.isNull()) {
      if (!expected.isEmpty() && !s.nullable) {
        errors.add(typeError(path, expected, "null"));
      }
      return;
    }
    String actual = typeOf(x);
    if (!expected.isEmpty() && !typeMatches(x, actual, s)) {
      errors.add(typeError(path, expected, actual));
      return;
    }
    if (x.isTextual()) {
      String problem = formatProblem(s.format, x.textValue());
      if (problem != null) {
        errors.add(FieldError.typeInvalid(path, x, path + " in body must be of type " + s.format + ": "
            + FieldError.goQuote(x.textValue())));
      }
    }
    if (!s.enumValues.isEmpty() && s.enumValues.stream().noneMatch(e -> JsonPatch.jsonEquals(e, x))) {
      List<String> allowed = new ArrayList<>();
      for (JsonNode e : s.enumValues) {
        allowed.add(e.isTextual() ? e.textValue() : e.toString());
      }
      errors.add(FieldError.notSupported(path, x, allowed));
    }
    if (x.isNumber()) {
      validateNumber(x, s, path, errors);
    } else if (x.isTextual()) {
      validateString(x.textValue(), s, path, errors);
    } else if (x.isArray()) {
      for (int i = 0; i < x.size(); i++) {
        validate(x.get(i), s.items, path + "[" + i + "]", errors);
      }
      if (s.minItems != null && x.size() < s.minItems) {
        errors.add(FieldError.invalid(path, (long) x.size(), path + " in body should have at least " + s.minItems + " items"));
      }
      if (s.maxItems != null && x.size() > s.maxItems) {
        errors.add(FieldError.tooMany(path, x.size(), s.maxItems.intValue()));
      }
    } else if (x.isObject()) {
      validateObjectMembers(x, s, path, errors, false);
    }
  }

  private static void validateObjectMembers(JsonNode x, SchemaNode s, String path, List<FieldError> errors, boolean root) {
    int size = x.size();
    if (s.minProperties != null && size < s.minProperties) {
      errors.add(FieldError.invalid(pathOrNil(path), (long) size,
          path + " in body should have at least " + s.minProperties + " properties"));
    }
    if (s.maxProperties != null && size > s.maxProperties) {
      errors.add(FieldError.tooMany(pathOrNil(path), size, s.maxProperties.intValue()));
    }
    if (s.embeddedResource && !root) {
      for (String field : List.of("apiVersion", "kind")) {
        JsonNode v = x.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().isEmpty())) {
          errors.add(FieldError.required(StructuralSchema.join(path, field), "must not be empty"));
        } else if (!v.isTextual()) {
          errors.add(FieldError.invalid(StructuralSchema.join(path, field), v, "must be a string"));
        }
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = x.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if ((root || s.embeddedResource) && META_FIELDS.contains(e.getKey())) {
        continue;
      }
      if (!s.properties.containsKey(e.getKey()) && s.additionalProperties != null) {
        validate(e.getValue(), s.additionalProperties, StructuralSchema.join(path, e.getKey()), errors);
      }
    }
    for (Map.Entry<String, SchemaNode> p : s.properties.entrySet()) {
      JsonNode v = x.get(p.getKey());
      if (v != null) {
        validate(v, p.getValue(), StructuralSchema.join(path, p.getKey()), errors);
      }
    }
    for (String r : s.required) {
      if (!x.has(r) && !(root && META_FIELDS.contains(r))) {
        errors.add(FieldError.required(StructuralSchema.join(path, r), ""));
      }
    }
  }

  private static String pathOrNil(String path) {
    return path.isEmpty() ? "<nil>" : path;
  }

  private static FieldError typeError(String path, String expected, String actual) {
    return FieldError.typeInvalid(pathOrNil(path), actual,
        path + " in body must be of type " + expected + ": " + FieldError.goQuote(actual));
  }

  /** kube-openapi's type name for a JSON value; JSON numbers with a fraction part are "number". */
  static String typeOf(JsonNode x) {
    if (x == null || x.isNull()) {
      return "null";
    }
    if (x.isTextual()) {
      return "string";
    }
    if (x.isBoolean()) {
      return "boolean";
    }
    if (x.isIntegralNumber()) {
      return "integer";
    }
    if (x.isNumber()) {
      return "number";
    }
    return x.isArray() ? "array" : "object";
  }

  private static boolean typeMatches(JsonNode x, String actual, SchemaNode s) {
    if (s.intOrString) {
      return actual.equals("integer") || actual.equals("string") || isIntegralFloat(x);
    }
    switch (s.type) {
      case "integer":
        return actual.equals("integer") || isIntegralFloat(x);
      case "number":
        return actual.equals("number") || actual.equals("integer");
      default:
        return s.type.equals(actual);
    }
  }

  private static boolean isIntegralFloat(JsonNode x) {
    return x.isFloatingPointNumber() && x.doubleValue() == Math.rint(x.doubleValue()) && !Double.isInfinite(x.doubleValue());
  }

  private static void validateNumber(JsonNode x, SchemaNode s, String path, List<FieldError> errors) {
    // kube-openapi compares integer data with the bound converted by int64(), i.e. truncated toward zero.
    BigDecimal value = x.decimalValue();
    if (s.minimum != null) {
      BigDecimal min = effectiveBound(x, s.minimum);
      int c = value.compareTo(min);
      if (c < 0 || (c == 0 && s.exclusiveMinimum)) {
        errors.add(FieldError.invalid(path, x, path + " in body should be greater than "
            + (s.exclusiveMinimum ? "" : "or equal to ") + bound(x, s.minimum)));
      }
    }
    if (s.maximum != null) {
      BigDecimal max = effectiveBound(x, s.maximum);
      int c = value.compareTo(max);
      if (c > 0 || (c == 0 && s.exclusiveMaximum)) {
        errors.add(FieldError.invalid(path, x, path + " in body should be less than "
            + (s.exclusiveMaximum ? "" : "or equal to ") + bound(x, s.maximum)));
      }
    }
  }

  private static BigDecimal effectiveBound(JsonNode data, JsonNode bound) {
    return data.isIntegralNumber() ? BigDecimal.valueOf((long) bound.doubleValue()) : bound.decimalValue();
  }

  /** How kube-openapi prints a bound: as an integer for integer data (it converts with int64()), else Go %v. */
  private static String bound(JsonNode data, JsonNode bound) {
    if (data.isIntegralNumber()) {
      return Long.toString((long) bound.doubleValue());
    }
    return FieldError.goFloat(bound.doubleValue());
  }

  private static void validateString(String value, SchemaNode s, String path, List<FieldError> errors) {
    int length = value.codePointCount(0, value.length());
    if (s.maxLength != null && length > s.maxLength) {
      errors.add(FieldError.tooLong(path, s.maxLength.intValue()));
    }
    if (s.minLength != null && length < s.minLength) {
      errors.add(FieldError.invalid(path, value, path + " in body should be at least " + s.minLength + " chars long"));
    }
    if (s.patternText != null) {
      if (s.pattern == null) {
        errors.add(FieldError.invalid(path, value, path + " in body should match '" + s.patternText
            + ", but pattern is invalid'"));
      } else if (!s.pattern.matcher(value).find()) {
        errors.add(FieldError.invalid(path, value, path + " in body should match '" + s.patternText + "'"));
      }
    }
  }

  /** Null when {@code value} satisfies {@code format} (unknown formats always do), else a short reason. */
  private static String formatProblem(String format, String value) {
    try {
      switch (format) {
        case "date-time":
          OffsetDateTime.parse(value);
          return null;
        case "date":
          LocalDate.parse(value);
          return null;
        case "uuid":
        case "uuid3":
        case "uuid4":
        case "uuid5":
          if (value.length() != 36) {
            return "length";
          }
          UUID.fromString(value);
          return null;
        case "ipv4":
          return IPV4.matcher(value).matches() ? null : "ipv4";
        case "ipv6":
          return value.contains(":") && value.matches("[0-9A-Fa-f:.]+") ? null : "ipv6";
        case "byte":
          Base64.getDecoder().decode(value);
          return null;
        default:
          return null;
      }
    } catch (DateTimeParseException | IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
