package io.kubeloop.testing.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FieldErrorTest {
  record Case(String name, FieldError error, String message, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    return Stream.of(
        new Case("invalid string is quoted", FieldError.invalid("spec.cpus", "abc", "spec.cpus in body must be of type integer: \"string\""),
            "spec.cpus: Invalid value: \"abc\": spec.cpus in body must be of type integer: \"string\"", "FieldValueInvalid"),
        new Case("not supported lists quoted values", FieldError.notSupported("spec.action", "x", List.of("start", "stop")),
            "spec.action: Unsupported value: \"x\": supported values: \"start\", \"stop\"", "FieldValueNotSupported"),
        new Case("required without detail", FieldError.required("spec.resource", ""), "spec.resource: Required value", "FieldValueRequired"),
        new Case("required with detail", FieldError.required("metadata.name", "name or generateName is required"),
            "metadata.name: Required value: name or generateName is required", "FieldValueRequired"),
        new Case("integers render bare", FieldError.invalid("spec.leaseDurationSeconds", 0L, "must be greater than 0"),
            "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0", "FieldValueInvalid"),
        new Case("json numbers render bare", FieldError.invalid("spec.n", json.numberNode(-1), "must be greater than or equal to 0"),
            "spec.n: Invalid value: -1: must be greater than or equal to 0", "FieldValueInvalid"),
        new Case("floats as go %v", FieldError.invalid("x", 1.5, ""), "x: Invalid value: 1.5", "FieldValueInvalid"),
        new Case("whole floats drop the fraction", FieldError.invalid("x", 3.0, ""), "x: Invalid value: 3", "FieldValueInvalid"),
        new Case("booleans", FieldError.invalid("x", json.booleanNode(true), "d"), "x: Invalid value: true: d", "FieldValueInvalid"),
        new Case("null renders quoted", FieldError.invalid("x", null, "d"), "x: Invalid value: \"null\": d", "FieldValueInvalid"),
        new Case("omitted value", FieldError.invalid("x", FieldError.OMIT_VALUE, "d"), "x: Invalid value: d", "FieldValueInvalid"),
        new Case("escapes in quoted value", FieldError.invalid("x", "a\"b\n", ""), "x: Invalid value: \"a\\\"b\\n\"", "FieldValueInvalid"),
        new Case("forbidden", FieldError.forbidden("metadata.finalizers", "no new finalizers can be added if the object is being deleted"),
            "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted", "FieldValueForbidden"),
        new Case("too long", FieldError.tooLong("spec.s", 3), "spec.s: Too long: may not be more than 3 bytes", "FieldValueTooLong"),
        new Case("too many", FieldError.tooMany("spec.l", 5, 3), "spec.l: Too many: 5: must have at most 3 items", "FieldValueTooMany"),
        new Case("duplicate", FieldError.duplicate("spec.l[1]", "a"), "spec.l[1]: Duplicate value: \"a\"", "FieldValueDuplicate"),
        new Case("type invalid renders like invalid", FieldError.typeInvalid("x", "y", "z"), "x: Invalid value: \"y\": z", "FieldValueTypeInvalid"),
        new Case("string slices as go %#v", FieldError.invalid("spec.l", java.util.List.of("a", "b"), "d"),
            "spec.l: Invalid value: []string{\"a\", \"b\"}: d", "FieldValueInvalid"),
        new Case("internal", FieldError.internal("x", "boom"), "x: Internal error: boom", "InternalError"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersLikeApimachinery(Case c) {
    assertEquals(c.message(), c.error().toString());
    assertEquals(c.reason(), c.error().reason());
  }

  @org.junit.jupiter.api.Test
  void aggregateDeduplicatesAndBrackets() {
    FieldError a = FieldError.required("a", "");
    FieldError b = FieldError.required("b", "");
    assertEquals("", FieldError.aggregate(List.of()));
    assertEquals("a: Required value", FieldError.aggregate(List.of(a, a)));
    assertEquals("[a: Required value, b: Required value]", FieldError.aggregate(List.of(a, b, a)));
  }

  @org.junit.jupiter.api.Test
  void goFloatFormatting() {
    assertEquals("1e-05", FieldError.goFloat(0.00001));
    assertEquals("1e+21", FieldError.goFloat(1e21));
    assertEquals("0.25", FieldError.goFloat(0.25));
    assertEquals("0.0001", FieldError.goFloat(0.0001));
    assertEquals("123456", FieldError.goFloat(123456.0));
    assertEquals("1e+06", FieldError.goFloat(1e6));
    assertEquals("1.2345675e+06", FieldError.goFloat(1234567.5));
    assertEquals("-2.5", FieldError.goFloat(-2.5));
    assertEquals("3", FieldError.goFloat(3.0));
  }

  @org.junit.jupiter.api.Test
  void finalizerDetailUsesGoSliceSyntax() {
    assertEquals("metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new "
        + "finalizers []string{\"x\"}", FieldError.forbidden("metadata.finalizers",
            "no new finalizers can be added if the object is being deleted, found new finalizers "
                + FieldError.goStringSlice(List.of("x"))).toString());
  }
}
