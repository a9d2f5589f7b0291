package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.JsonMergePatchTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonPathLiteTest {
  static final JsonNode VM = json("""
      {'metadata':{'name':'vm1','labels':{'app.kubernetes.io/name':'x'}},
       'spec':{'cpus':2,'disks':[{'name':'a','size':1},{'name':'b','size':2}]},
       'status':{'phase':'Running','conditions':[{'type':'Scheduled','status':'True'},{'type':'Ready','status':'False'}]}}
      """);

  record Case(String expression, String expected) {
    @Override
    public String toString() {
      return expression;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(".status.phase", "['Running']"),
        new Case("{.status.phase}", "['Running']"),
        new Case("$.spec.cpus", "[2]"),
        new Case(".spec.disks[0].name", "['a']"),
        new Case(".spec.disks[-1].name", "['b']"),
        new Case(".spec.disks[*].name", "['a','b']"),
        new Case(".spec.disks.*.size", "[1,2]"),
        new Case(".status.conditions[?(@.type==\"Ready\")].status", "['False']"),
        new Case(".status.conditions[?(@.type=='Scheduled')].status", "['True']"),
        new Case(".spec.disks[?(@.size>1)].name", "['b']"),
        new Case(".spec.disks[?(@.size)].name", "['a','b']"),
        new Case(".metadata.labels['app.kubernetes.io/name']", "['x']"),
        new Case(".metadata.labels.app\\.kubernetes\\.io/name", "['x']"),
        new Case("..name", "['vm1','a','b']"),
        new Case(".status.missing", "[]"),
        new Case(".spec.disks[5]", "[]"),
        new Case("metadata.name", "['vm1']"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void finds(Case c) {
    assertEquals(json(c.expected()), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()
        .addAll(JsonPathLite.parse(c.expression()).find(VM)));
  }

  @Test
  void firstIsWhatAColumnShows() {
    assertEquals("a", JsonPathLite.parse(".spec.disks[*].name").first(VM).orElseThrow().asText());
    assertTrue(JsonPathLite.parse(".nope").first(VM).isEmpty());
  }

  @Test
  void badExpressionsNameTheProblem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonPathLite.parse(".a[0"));
    assertEquals("invalid JSONPath \".a[0\": unterminated [ at position 4; expected a path such as .status.phase or "
        + ".items[0].name", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> JsonPathLite.parse(".a[1:2]"));
  }
}
