package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Kind-specific rules of the built-in registries: name validation, Namespace defaults and Lease validation with
 * strict {@code MicroTime} parsing. Java counterpart of the {@code strategy.go} and {@code validation.go} files of
 * the kube-apiserver registries (pkg/registry/core/namespace, pkg/registry/coordination/lease,
 * pkg/apis/coordination/validation) and of {@code ValidateObjectMeta} (apimachinery pkg/api/validation).
 */
final class Strategies {
  private static final String DNS1123_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN);
  private static final Pattern LABEL = Pattern.compile(DNS1123_LABEL);
  /** {@code metav1.RFC3339Micro}: exactly six fractional digits, any offset. */
  private static final Pattern MICRO_TIME =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}(Z|[+-]\\d\\d:\\d\\d)");
  private static final DateTimeFormatter MICRO_OUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

  private Strategies() {}

  /** Object-meta checks shared by every kind: the name's syntax. */
  static List<FieldError> validateName(ResourceType type, String name) {
    List<FieldError> errors = new ArrayList<>();
    boolean label = type.plural().equals("namespaces") && type.group().isEmpty();
    Pattern p = label ? LABEL : SUBDOMAIN;
    int max = label ? 63 : 253;
    if (name.length() > max) {
      errors.add(FieldError.invalid("metadata.name", name, "must be no more than " + max + " characters"));
    } else if (!p.matcher(name).matches()) {
      errors.add(FieldError.invalid("metadata.name", name, label
          ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
              + "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation "
              + "is '" + DNS1123_LABEL + "')"
          : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
              + "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation "
              + "is '" + DNS1123_SUBDOMAIN + "')"));
    }
    return errors;
  }

  /** Defaults a new Namespace: the {@code kubernetes} finalizer and phase Active. */
  static void prepareNamespace(ObjectNode ns) {
    ObjectNode spec = ns.path("spec").isObject() ? (ObjectNode) ns.get("spec") : ns.putObject("spec");
    spec.putArray("finalizers").add("kubernetes");
    ns.putObject("status").put("phase", "Active");
  }

  /**
   * Lease rules: {@code MicroTime} fields parsed strictly and normalised to UTC, duration and transitions
   * ranges, and the alpha {@code strategy}/{@code preferredHolder} fields dropped unless already stored.
   */
  static List<FieldError> prepareLease(ObjectNode lease, JsonNode stored) {
    JsonNode specNode = lease.get("spec");
    List<FieldError> errors = new ArrayList<>();
    if (!(specNode instanceof ObjectNode spec)) {
      return errors;
    }
    for (String field : List.of("acquireTime", "renewTime")) {
      JsonNode v = spec.get(field);
      if (v == null || v.isNull()) {
        continue;
      }
      if (!v.isTextual()) {
        throw ApiError.badRequest("Lease in version \"v1\" cannot be handled as a Lease: json: cannot unmarshal "
            + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " into Go struct field LeaseSpec.spec."
            + field + " of type string");
      }
      spec.put(field, microTime(v.asText()));
    }
    for (String alpha : List.of("strategy", "preferredHolder")) {
      if (spec.has(alpha) && (stored == null || !stored.path("spec").has(alpha))) {
        spec.remove(alpha);
      }
    }
    JsonNode duration = spec.get("leaseDurationSeconds");
    if (duration != null && duration.isNumber() && duration.asLong() <= 0) {
      errors.add(FieldError.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
    }
    JsonNode transitions = spec.get("leaseTransitions");
    if (transitions != null && transitions.isNumber() && transitions.asLong() < 0) {
      errors.add(FieldError.invalid("spec.leaseTransitions", transitions,
          "must be greater than or equal to 0"));
    }
    return errors;
  }

  /** Parses a MicroTime like Go's fixed layout does and re-emits it in UTC with six digits. */
  static String microTime(String text) {
    if (!MICRO_TIME.matcher(text).matches()) {
      String rest = text.length() > 19 ? text.substring(19) : text;
      throw ApiError.badRequest("Lease in version \"v1\" cannot be handled as a Lease: parsing time \"" + text
          + "\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"" + rest + "\" as \".000000\"");
    }
    OffsetDateTime t = OffsetDateTime.parse(text);
    return MICRO_OUT.format(t.withOffsetSameInstant(ZoneOffset.UTC));
  }
}
