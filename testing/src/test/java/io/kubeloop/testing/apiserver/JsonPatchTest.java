package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.JsonMergePatchTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonPatchTest {
  record Case(String name, String doc, String patch, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("add member", "{'a':1}", "[{'op':'add','path':'/b','value':2}]", "{'a':1,'b':2}"),
        new Case("add replaces existing member", "{'a':1}", "[{'op':'add','path':'/a','value':2}]", "{'a':2}"),
        new Case("add into array", "{'a':[1,3]}", "[{'op':'add','path':'/a/1','value':2}]", "{'a':[1,2,3]}"),
        new Case("add appends with dash", "{'a':[1]}", "[{'op':'add','path':'/a/-','value':2}]", "{'a':[1,2]}"),
        new Case("add at end index", "{'a':[1]}", "[{'op':'add','path':'/a/1','value':2}]", "{'a':[1,2]}"),
        new Case("remove member", "{'a':1,'b':2}", "[{'op':'remove','path':'/a'}]", "{'b':2}"),
        new Case("remove array element", "{'a':[1,2,3]}", "[{'op':'remove','path':'/a/1'}]", "{'a':[1,3]}"),
        new Case("remove last with negative index", "{'a':[1,2,3]}", "[{'op':'remove','path':'/a/-1'}]", "{'a':[1,2]}"),
        new Case("remove finalizers (check 40)", "{'metadata':{'name':'c','finalizers':['example.com/hold']}}",
            "[{'op':'remove','path':'/metadata/finalizers'}]", "{'metadata':{'name':'c'}}"),
        new Case("replace", "{'a':{'b':1}}", "[{'op':'replace','path':'/a/b','value':'x'}]", "{'a':{'b':'x'}}"),
        new Case("move", "{'a':{'b':1},'c':{}}", "[{'op':'move','from':'/a/b','path':'/c/d'}]", "{'a':{},'c':{'d':1}}"),
        new Case("copy is deep", "{'a':{'b':[1]}}", "[{'op':'copy','from':'/a','path':'/c'},{'op':'add','path':'/c/b/-','value':2}]",
            "{'a':{'b':[1]},'c':{'b':[1,2]}}"),
        new Case("test passes then add", "{'a':'x'}", "[{'op':'test','path':'/a','value':'x'},{'op':'add','path':'/b','value':1}]",
            "{'a':'x','b':1}"),
        new Case("test compares numbers by value", "{'a':1}", "[{'op':'test','path':'/a','value':1.0}]", "{'a':1}"),
        new Case("test of missing against null passes", "{}", "[{'op':'test','path':'/a','value':null}]", "{}"),
        new Case("pointer escapes", "{'metadata':{'labels':{'a/b':'1','c~d':'2'}}}",
            "[{'op':'remove','path':'/metadata/labels/a~1b'},{'op':'replace','path':'/metadata/labels/c~0d','value':'3'}]",
            "{'metadata':{'labels':{'c~d':'3'}}}"),
        new Case("null patch is empty", "{'a':1}", "null", "{'a':1}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void applies(Case c) {
    JsonNode doc = json(c.doc());
    JsonNode before = doc.deepCopy();
    assertEquals(json(c.expected()), JsonPatch.apply(doc, json(c.patch())));
    assertEquals(before, doc, "input must not be mutated");
  }

  static Stream<Case> failures() {
    return Stream.of(
        new Case("failed test (check 29)", "{'data':{'b':'2'}}", "[{'op':'test','path':'/data/b','value':'nope'}]",
            "testing value /data/b failed: test failed"),
        new Case("remove missing", "{}", "[{'op':'remove','path':'/a'}]", "error in remove for path: '/a': Unable to remove nonexistent key: a: missing value"),
        new Case("replace missing", "{}", "[{'op':'replace','path':'/a','value':1}]",
            "replace operation does not apply: doc is missing key: /a: missing value"),
        new Case("add under missing parent", "{}", "[{'op':'add','path':'/a/b','value':1}]",
            "add operation does not apply: doc is missing path: \"/a/b\": missing value"),
        new Case("index out of range", "{'a':[1]}", "[{'op':'add','path':'/a/5','value':1}]",
            "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced"),
        new Case("unknown op", "{}", "[{'op':'frobnicate','path':'/a'}]", "Unexpected kind: frobnicate"),
        new Case("move into own child", "{'a':{}}", "[{'op':'move','from':'/a','path':'/a/b'}]",
            "move operation does not apply: doc is missing destination path: /a/b: missing value"),
        new Case("test under a missing parent", "{}", "[{'op':'test','path':'/a/b','value':null}]",
            "test operation does not apply: is missing path: /a/b: missing value"),
        new Case("test of an index out of range", "{'a':[]}", "[{'op':'test','path':'/a/0','value':null}]",
            "test operation does not apply: is missing path: /a/0: missing value"),
        new Case("later failure undoes nothing visible", "{'a':1}", "[{'op':'remove','path':'/a'},{'op':'test','path':'/a','value':1}]",
            "testing value /a failed: test failed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void failingOperationsAre422WithTheServersMessage(Case c) {
    JsonNode doc = json(c.doc());
    JsonNode before = doc.deepCopy();
    PatchException e = assertThrows(PatchException.class, () -> JsonPatch.apply(doc, json(c.patch())));
    assertEquals(c.expected(), e.getMessage());
    assertEquals(422, e.code());
    assertEquals("Invalid", e.status().get("reason").asText());
    assertEquals("the server rejected our request due to an error in our request", e.status().get("message").asText());
    assertEquals(before, doc);
  }

  @Test
  void notAnArrayIsABadRequest() {
    PatchException e = assertThrows(PatchException.class, () -> JsonPatch.apply(json("{}"), json("{'op':'add'}")));
    assertEquals(400, e.code());
    assertEquals("json: cannot unmarshal object into Go value of type jsonpatch.Patch", e.status().get("message").asText());
  }

  @Test
  void tooManyOperationsIs413() {
    ArrayNode patch = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i <= JsonPatch.MAX_OPERATIONS; i++) {
      patch.addObject().put("op", "test").put("path", "/a");
    }
    PatchException e = assertThrows(PatchException.class, () -> JsonPatch.apply(json("{}"), patch));
    assertEquals(413, e.code());
    assertEquals("Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001",
        e.status().get("message").asText());
  }
}
