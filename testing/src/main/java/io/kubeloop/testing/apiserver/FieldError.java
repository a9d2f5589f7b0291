package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Java counterpart of apimachinery {@code pkg/util/validation/field/errors.go} ({@code field.Error}, as of
 * Kubernetes 1.32): one field-level validation failure, rendered by {@link #toString()} exactly like Go's
 * {@code Error()}, for example:
 *
 * <pre>
 * spec.cpus: Invalid value: "abc": spec.cpus in body must be of type integer: "string"
 * spec.action: Unsupported value: "x": supported values: "start", "stop"
 * spec.resource: Required value
 * </pre>
 *
 * <p>{@link #errorBody()} is the text without the field (what a {@code Status} cause carries in
 * {@code message}); {@link #reason()} is the cause's {@code reason} ({@code FieldValueInvalid}, …).
 *
 * <p>How {@code badValue} renders (Go's {@code ErrorBody}): {@code null} and a JSON null render as
 * {@code "null"} (quoted, as Go does); strings and JSON text nodes are Go-quoted ({@code %q}); integers, floating
 * point numbers and booleans render bare ({@code %v}); a {@code List<String>} renders as Go's {@code %#v} of a
 * {@code []string} ({@code []string{"a", "b"}}); {@link #OMIT_VALUE} omits the value; anything else renders
 * with {@code toString()}, so a caller needing Go's {@code %#v} text (the {@code 0x0} of an unsigned zero) passes
 * a {@link Raw}. Deliberate difference: JSON objects and arrays render as compact JSON rather than Go's
 * {@code map[string]interface {}{…}}.
 *
 * <p>Internal to the embedded API server; immutable.
 */
public record FieldError(Type type, String field, Object badValue, String detail) {
  /** Pass as {@code badValue} to leave the value out of the message (Go's {@code field.OmitValueType}). */
  public static final Object OMIT_VALUE = new Raw("<omitted>");

  /** A bad value that renders verbatim, e.g. {@code new Raw("0x0")} for Go's {@code %#v} of an unsigned zero. */
  public record Raw(String text) {
    public Raw {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** The error types of apimachinery, with their cause reason and their human label. */
  public enum Type {
    NOT_FOUND("FieldValueNotFound", "Not found"),
    REQUIRED("FieldValueRequired", "Required value"),
    DUPLICATE("FieldValueDuplicate", "Duplicate value"),
    INVALID("FieldValueInvalid", "Invalid value"),
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
    FORBIDDEN("FieldValueForbidden", "Forbidden"),
    TOO_LONG("FieldValueTooLong", "Too long"),
    TOO_MANY("FieldValueTooMany", "Too many"),
    INTERNAL("InternalError", "Internal error"),
    TYPE_INVALID("FieldValueTypeInvalid", "Invalid value");

    private final String reason;
    private final String label;

    Type(String reason, String label) {
      this.reason = reason;
      this.label = label;
    }

    /** The {@code reason} of a {@code Status} cause, e.g. {@code FieldValueRequired}. */
    public String reason() {
      return reason;
    }

    /** The text in messages, e.g. {@code Required value}. */
    public String label() {
      return label;
    }
  }

  public FieldError {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(field, "field");
    detail = detail == null ? "" : detail;
  }

  /** {@code field.Required}: {@code <field>: Required value[: detail]}. */
  public static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, "", detail);
  }

  /** {@code field.Invalid}: {@code <field>: Invalid value: <value>[: detail]}. */
  public static FieldError invalid(String field, Object value, String detail) {
    return new FieldError(Type.INVALID, field, value, detail);
  }

  /** {@code field.TypeInvalid}: renders like {@link #invalid} but with reason {@code FieldValueTypeInvalid}. */
  public static FieldError typeInvalid(String field, Object value, String detail) {
    return new FieldError(Type.TYPE_INVALID, field, value, detail);
  }

  /** {@code field.NotSupported}: {@code <field>: Unsupported value: <value>: supported values: "a", "b"}. */
  public static FieldError notSupported(String field, Object value, List<String> validValues) {
    String detail = validValues.isEmpty()
        ? ""
        : "supported values: " + validValues.stream().map(FieldError::goQuote).collect(Collectors.joining(", "));
    return new FieldError(Type.NOT_SUPPORTED, field, value, detail);
  }

  /** {@code field.Forbidden}: {@code <field>: Forbidden: detail}. */
  public static FieldError forbidden(String field, String detail) {
    return new FieldError(Type.FORBIDDEN, field, "", detail);
  }

  /** {@code field.Duplicate}: {@code <field>: Duplicate value: <value>}. */
  public static FieldError duplicate(String field, Object value) {
    return new FieldError(Type.DUPLICATE, field, value, "");
  }

  /** {@code field.NotFound}: {@code <field>: Not found: <value>}. */
  public static FieldError notFound(String field, Object value) {
    return new FieldError(Type.NOT_FOUND, field, value, "");
  }

  /** {@code field.TooLong}: {@code <field>: Too long: may not be more than N bytes} (negative max: no limit text). */
  public static FieldError tooLong(String field, int maxLength) {
    String detail = maxLength >= 0 ? "may not be more than " + maxLength + " bytes" : "value is too long";
    return new FieldError(Type.TOO_LONG, field, "<value omitted>", detail);
  }

  /** {@code field.TooMany}: {@code <field>: Too many: 5: must have at most 3 items}. */
  public static FieldError tooMany(String field, int actual, int max) {
    String detail = max >= 0 ? "must have at most " + max + " items" : "has too many items";
    return new FieldError(Type.TOO_MANY, field, actual >= 0 ? (Object) (long) actual : OMIT_VALUE, detail);
  }

  /** {@code field.InternalError}: {@code <field>: Internal error: detail}. */
  public static FieldError internal(String field, String detail) {
    return new FieldError(Type.INTERNAL, field, null, detail);
  }

  /** The {@code reason} of the {@code Status} cause for this error, e.g. {@code FieldValueInvalid}. */
  public String reason() {
    return type.reason();
  }

  /** The message without the field name: what {@code details.causes[].message} carries. */
  public String errorBody() {
    StringBuilder s = new StringBuilder(type.label());
    boolean labelOnly = type == Type.REQUIRED || type == Type.FORBIDDEN || type == Type.TOO_LONG
        || type == Type.INTERNAL || badValue == OMIT_VALUE;
    if (!labelOnly) {
      s.append(": ").append(renderValue(badValue));
    }
    if (!detail.isEmpty()) {
      s.append(": ").append(detail);
    }
    return s.toString();
  }

  /** Go's {@code Error()}: {@code <field>: <errorBody>}. */
  @Override
  public String toString() {
    return field + ": " + errorBody();
  }

  /**
   * Go's {@code ErrorList.ToAggregate().Error()}: empty for no errors, the one message for one, otherwise
   * {@code [a, b]}; duplicate messages are listed once.
   */
  public static String aggregate(List<FieldError> errors) {
    Set<String> messages = new LinkedHashSet<>();
    for (FieldError e : errors) {
      messages.add(e.toString());
    }
    if (messages.isEmpty()) {
      return "";
    }
    if (messages.size() == 1) {
      return messages.iterator().next();
    }
    return "[" + String.join(", ", new ArrayList<>(messages)) + "]";
  }

  static String renderValue(Object value) {
    if (value == null) {
      return goQuote("null");
    }
    if (value instanceof String s) {
      return goQuote(s);
    }
    if (value instanceof Double || value instanceof Float) {
      return goFloat(((Number) value).doubleValue());
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
      return goStringSlice(list.stream().map(String.class::cast).toList());
    }
    if (value instanceof JsonNode node) {
      if (node.isNull() || node.isMissingNode()) {
        return goQuote("null");
      }
      if (node.isTextual()) {
        return goQuote(node.textValue());
      }
      if (node.isIntegralNumber()) {
        return node.bigIntegerValue().toString();
      }
      if (node.isNumber()) {
        return goFloat(node.doubleValue());
      }
      return node.toString();
    }
    return value.toString();
  }

  /**
   * Go's {@code %#v} of a {@code []string}: {@code []string{"a", "b"}}, e.g. for the detail
   * {@code no new finalizers can be added if the object is being deleted, found new finalizers []string{"x"}}.
   */
  public static String goStringSlice(List<String> values) {
    return "[]string{" + values.stream().map(FieldError::goQuote).collect(Collectors.joining(", ")) + "}";
  }

  /**
   * Go's {@code %v} of a float64 ({@code strconv} {@code 'g'} with the shortest precision): plain notation for
   * decimal exponents from -4 to 5 ({@code 3}, {@code 0.25}, {@code 123456}), otherwise {@code 1e-05},
   * {@code 1e+06}, {@code 1.2345675e+06}.
   */
  static String goFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0" : "0";
    }
    java.math.BigDecimal abs = new java.math.BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = abs.unscaledValue().toString();
    int exponent = digits.length() - 1 - abs.scale();
    String sign = d < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 6) {
      String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
    return sign + abs.toPlainString();
  }

  /** Go's {@code strconv.Quote}: double quotes, backslash escapes for quotes, backslashes and control characters. */
  public static String goQuote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case 7 -> b.append("\\a");
        case 8 -> b.append("\\b");
        case 12 -> b.append("\\f");
        case 11 -> b.append("\\v");
        default -> {
          if (cp < 0x20 || cp == 0x7f) {
            b.append(String.format("\\x%02x", cp));
          } else if (!isPrintable(cp)) {
            b.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
          } else {
            b.appendCodePoint(cp);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static boolean isPrintable(int cp) {
    int t = Character.getType(cp);
    return t != Character.CONTROL && t != Character.FORMAT && t != Character.UNASSIGNED
        && t != Character.SURROGATE && t != Character.PRIVATE_USE
        && (t != Character.SPACE_SEPARATOR || cp == ' ') && t != Character.LINE_SEPARATOR
        && t != Character.PARAGRAPH_SEPARATOR;
  }
}
