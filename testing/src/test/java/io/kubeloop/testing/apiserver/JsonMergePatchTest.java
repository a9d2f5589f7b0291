package io.kubeloop.testing.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonMergePatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  record Case(String name, String target, String patch, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** RFC 7386 appendix A, plus the conformance check 28 of the fake's specification. */
  static Stream<Case> cases() {
    return Stream.of(
        new Case("replace member", "{'a':'b'}", "{'a':'c'}", "{'a':'c'}"),
        new Case("add member", "{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}"),
        new Case("null deletes", "{'a':'b'}", "{'a':null}", "{}"),
        new Case("delete one of two", "{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}"),
        new Case("array replaces", "{'a':['b']}", "{'a':'c'}", "{'a':'c'}"),
        new Case("value replaces array", "{'a':'c'}", "{'a':['b']}", "{'a':['b']}"),
        new Case("nested merge", "{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}"),
        new Case("arrays are not merged", "{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}"),
        new Case("non-object patch replaces", "['a','b']", "['c','d']", "['c','d']"),
        new Case("object patch on array target", "['a','b']", "{'a':'b'}", "{'a':'b'}"),
        new Case("null in new nested object is dropped", "{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}"),
        new Case("null elements of arrays kept", "{}", "{'a':[null,{'x':null}]}", "{'a':[null,{}]}"),
        new Case("configmap data (check 28)", "{'data':{'a':'1'},'metadata':{'name':'cm1'}}", "{'data':{'b':'2','a':null}}",
            "{'data':{'b':'2'},'metadata':{'name':'cm1'}}"),
        new Case("value replacing an object keeps its nulls (evanphx)", "{'a':{'b':1}}", "{'a':[{'x':null}]}", "{'a':[{'x':null}]}"),
        new Case("value replacing a scalar drops nulls (evanphx)", "{'a':1}", "{'a':{'x':null,'y':2}}", "{'a':{'y':2}}"),
        new Case("integers stay integers", "{'n':1}", "{'m':15}", "{'n':1,'m':15}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void appliesLikeRfc7386(Case c) {
    JsonNode target = json(c.target());
    JsonNode before = target.deepCopy();
    JsonNode result = JsonMergePatch.apply(target, json(c.patch()));
    assertEquals(json(c.expected()), result);
    assertEquals(before, target, "input must not be mutated");
  }

  @org.junit.jupiter.api.Test
  void nullOrScalarPatchIsABadRequest() {
    for (String patch : new String[] {"null", "1", "'x'"}) {
      PatchException e = org.junit.jupiter.api.Assertions.assertThrows(PatchException.class,
          () -> JsonMergePatch.apply(json("{}"), json(patch)));
      assertEquals(400, e.code());
      assertEquals("Invalid JSON Patch", e.status().get("message").asText());
    }
  }
}
