package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.JsonMergePatchTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StrategicMergePatchTest {
  record Case(String name, String original, String patch, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("maps merge and null deletes", "{'data':{'a':'1','b':'2'}}", "{'data':{'a':null,'c':'3'}}", "{'data':{'b':'2','c':'3'}}"),
        new Case("kubectl edit of finalizers (check 30)", "{'metadata':{'name':'cm','finalizers':['a']}}",
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a'],'$setElementOrder/finalizers':['b','c'],'finalizers':['b','c']}}",
            "{'metadata':{'name':'cm','finalizers':['b','c']}}"),
        new Case("finalizers are a merge set in patch order", "{'metadata':{'finalizers':['b','c']}}",
            "{'metadata':{'finalizers':['x','b']}}", "{'metadata':{'finalizers':['x','b','c']}}"),
        // Go's mergeSortedSlice puts items the server has never seen before the server's own items; check 30 of
        // the fake's specification expects [b, c, x], but kube-apiserver answers this (see the next case).
        new Case("finalizers union puts new items first (check 30)", "{'metadata':{'finalizers':['b','c']}}",
            "{'metadata':{'finalizers':['x']}}", "{'metadata':{'finalizers':['x','b','c']}}"),
        new Case("kubernetes.io patch-demo: the new container comes first",
            "{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr','image':'nginx'}]}}}}",
            "{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr-2','image':'redis'}]}}}}",
            "{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr-2','image':'redis'},{'name':'patch-demo-ctr','image':'nginx'}]}}}}"),
        new Case("server items keep their place around known patch items", "{'metadata':{'finalizers':['a','b','c']}}",
            "{'metadata':{'finalizers':['c','a']}}", "{'metadata':{'finalizers':['b','c','a']}}"),
        new Case("delete from primitive list", "{'metadata':{'finalizers':['a','b']}}",
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}", "{'metadata':{'finalizers':['b']}}"),
        new Case("lists without strategy are replaced", "{'spec':{'args':['a','b']}}", "{'spec':{'args':['c']}}", "{'spec':{'args':['c']}}"),
        new Case("namespace spec.finalizers are replaced", "{'spec':{'finalizers':['kubernetes']}}", "{'spec':{'finalizers':[]}}",
            "{'spec':{'finalizers':[]}}"),
        new Case("owner references merge by uid", "{'metadata':{'ownerReferences':[{'uid':'1','name':'a'},{'uid':'2','name':'b'}]}}",
            "{'metadata':{'ownerReferences':[{'uid':'2','name':'b2'},{'uid':'3','name':'c'}]}}",
            "{'metadata':{'ownerReferences':[{'uid':'1','name':'a'},{'uid':'2','name':'b2'},{'uid':'3','name':'c'}]}}"),
        new Case("containers merge by name, nested maps merge", "{'spec':{'containers':[{'name':'a','image':'x','env':[{'name':'E','value':'1'}]},{'name':'b','image':'y'}]}}",
            "{'spec':{'containers':[{'name':'a','image':'x2','env':[{'name':'F','value':'2'}]}]}}",
            "{'spec':{'containers':[{'name':'a','image':'x2','env':[{'name':'F','value':'2'},{'name':'E','value':'1'}]},{'name':'b','image':'y'}]}}"),
        new Case("delete list element by merge key", "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
            "{'spec':{'containers':[{'name':'a','$patch':'delete'}]}}", "{'spec':{'containers':[{'name':'b'}]}}"),
        new Case("replace whole merge list", "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
            "{'spec':{'containers':[{'name':'c'},{'$patch':'replace'}]}}", "{'spec':{'containers':[{'name':'c'}]}}"),
        new Case("replace a map", "{'spec':{'a':1,'b':{'c':2}}}", "{'spec':{'$patch':'replace','d':3}}", "{'spec':{'d':3}}"),
        new Case("delete a map empties it", "{'spec':{'a':1}}", "{'spec':{'$patch':'delete'}}", "{'spec':{}}"),
        new Case("retain keys", "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
            "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}", "{'spec':{'strategy':{'type':'Recreate'}}}"),
        new Case("set element order of containers", "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
            "{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}],'containers':[{'name':'b','image':'z'}]}}",
            "{'spec':{'containers':[{'name':'b','image':'z'},{'name':'a'}]}}"),
        new Case("new content has directives and nulls removed", "{}", "{'spec':{'x':{'a':null,'b':1},'l':[{'$patch':'delete','name':'q'}]}}",
            "{'spec':{'x':{'b':1},'l':[]}}"),
        new Case("kubectl apply of configmap data", "{'data':{'a':'1'},'metadata':{'annotations':{'k':'old'}}}",
            "{'data':{'a':'2'},'metadata':{'annotations':{'k':'new'}}}", "{'data':{'a':'2'},'metadata':{'annotations':{'k':'new'}}}"),
        new Case("type change replaces", "{'a':{'b':1}}", "{'a':'s'}", "{'a':'s'}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void applies(Case c) {
    JsonNode original = json(c.original());
    JsonNode before = original.deepCopy();
    JsonNode result = StrategicMergePatch.apply(original, json(c.patch()));
    assertEquals(json(c.expected()), result);
    assertEquals(before, original, "input must not be mutated");
    assertFalse(result.toString().contains("\"$"), "no directive may survive: " + result);
  }

  @Test
  void customMergeKeys() {
    StrategicMergePatch.MergeKeys keys = path -> path.equals(java.util.List.of("spec", "items")) ? "id" : null;
    assertEquals(json("{'spec':{'items':[{'id':1,'v':'a'},{'id':2,'v':'B'}]}}"), StrategicMergePatch.apply(
        json("{'spec':{'items':[{'id':1,'v':'a'},{'id':2,'v':'b'}]}}"), json("{'spec':{'items':[{'id':2,'v':'B'}]}}"), keys));
  }

  @Test
  void formatErrorsAreBadRequests() {
    PatchException notAnObject = assertThrows(PatchException.class, () -> StrategicMergePatch.apply(json("{}"), json("[]")));
    assertEquals(400, notAnObject.code());
    assertEquals("invalid JSON document", notAnObject.status().get("message").asText());
    PatchException retain = assertThrows(PatchException.class,
        () -> StrategicMergePatch.apply(json("{'s':{'a':1}}"), json("{'s':{'$retainKeys':['a'],'b':2}}")));
    assertEquals(400, retain.code());
    assertEquals("invalid patch format of retainKeys", retain.getMessage());
  }

  @Test
  void missingMergeKeyIsAnInternalError() {
    PatchException e = assertThrows(PatchException.class,
        () -> StrategicMergePatch.apply(json("{'spec':{'containers':[{'name':'a'}]}}"), json("{'spec':{'containers':[{'image':'x'}]}}")));
    assertEquals(500, e.code());
    assertEquals("map: {\"image\":\"x\"} does not contain declared merge key: name", e.getMessage());
  }

  @Test
  void mergeDirectiveInAListIsRejected() {
    PatchException e = assertThrows(PatchException.class,
        () -> StrategicMergePatch.apply(json("{'spec':{'containers':[{'name':'a'}]}}"), json("{'spec':{'containers':[{'$patch':'merge'}]}}")));
    assertEquals("merging lists cannot yet be specified in the patch", e.getMessage());
  }
}
