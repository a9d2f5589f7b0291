package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.JsonMergePatchTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cases restated from apimachinery's {@code strategicpatch/patch_test.go} (its "current + three-way patch =
 * result" and custom raw cases), with the test struct's strategies: {@code mergingList} merges on {@code name},
 * {@code mergingIntList} is a merged primitive list, everything else is replaced.
 */
class StrategicMergePatchGoCasesTest {
  static final StrategicMergePatch.MergeKeys GO_TEST_STRUCT = path -> {
    String field = path.get(path.size() - 1);
    return field.equals("mergingList") ? "name" : field.equals("mergingIntList") ? "" : null;
  };

  record Case(String name, String current, String patch, String result) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("merge lists of scalars", "{'mergingIntList':[1,2,4]}",
            "{'$setElementOrder/mergingIntList':[1,2,3],'mergingIntList':[3]}", "{'mergingIntList':[1,2,3,4]}"),
        new Case("add an item in a list of primitives and preserve order", "{'mergingIntList':[1,4,2]}",
            "{'$setElementOrder/mergingIntList':[3,1,2],'mergingIntList':[3]}", "{'mergingIntList':[3,1,4,2]}"),
        new Case("delete items in lists of scalars", "{'mergingIntList':[1,2,3,4]}",
            "{'$setElementOrder/mergingIntList':[1,2],'$deleteFromPrimitiveList/mergingIntList':[3]}", "{'mergingIntList':[1,2,4]}"),
        new Case("delete all duplicate items in lists of scalars", "{'mergingIntList':[1,2,3,3,4]}",
            "{'$setElementOrder/mergingIntList':[1,2],'$deleteFromPrimitiveList/mergingIntList':[3]}", "{'mergingIntList':[1,2,4]}"),
        new Case("merge lists of maps", "{'mergingList':[{'name':'1','other':'a'},{'name':'2','value':'2','other':'b'}]}",
            "{'$setElementOrder/mergingList':[{'name':'4'},{'name':'1'},{'name':'2'},{'name':'3'}],"
                + "'mergingList':[{'name':'4','value':'4'},{'name':'3','value':'3'}]}",
            "{'mergingList':[{'name':'4','value':'4'},{'name':'1','other':'a'},{'name':'2','value':'2','other':'b'},"
                + "{'name':'3','value':'3'}]}"),
        new Case("setElementOrder names an item not in the list", "{'mergingList':[{'name':'1'},{'name':'3'}]}",
            "{'$setElementOrder/mergingList':[{'name':'3'},{'name':'2'},{'name':'1'}],"
                + "'mergingList':[{'name':'3','value':'3'},{'name':'1','value':'1'}]}",
            "{'mergingList':[{'name':'3','value':'3'},{'name':'1','value':'1'}]}"),
        new Case("setElementOrder alone reorders an int list", "{'mergingIntList':[1,3]}",
            "{'$setElementOrder/mergingIntList':[3,2,1]}", "{'mergingIntList':[3,1]}"),
        new Case("preserve the order from the patch in a merging int list", "{'mergingIntList':[1,2,3]}",
            "{'mergingIntList':[3,1]}", "{'mergingIntList':[2,3,1]}"),
        new Case("preserve the order from the patch in a merging list",
            "{'mergingList':[{'name':'1'},{'name':'2','value':'b'},{'name':'3'}]}",
            "{'mergingList':[{'name':'3','value':'c'},{'name':'1','value':'a'},{'name':'2','other':'x'}]}",
            "{'mergingList':[{'name':'3','value':'c'},{'name':'1','value':'a'},{'name':'2','value':'b','other':'x'}]}"),
        new Case("unique scalars when merging lists", "{'mergingIntList':[1,2]}", "{'mergingIntList':[2,3]}",
            "{'mergingIntList':[1,2,3]}"),
        new Case("deleteFromPrimitiveList of a missing item changes nothing", "{'mergingIntList':[1,2]}",
            "{'$deleteFromPrimitiveList/mergingIntList':[3]}", "{'mergingIntList':[1,2]}"),
        new Case("deleteFromPrimitiveList on a null list keeps it null", "{'mergingIntList':null}",
            "{'$deleteFromPrimitiveList/mergingIntList':[3]}", "{'mergingIntList':null}"),
        new Case("deleteFromPrimitiveList never adds the list", "{'foo':['bar']}",
            "{'$deleteFromPrimitiveList/mergingIntList':[3]}", "{'foo':['bar']}"),
        new Case("deleteFromPrimitiveList works without a merge strategy", "{'nonMergingIntList':[1,2,3]}",
            "{'$deleteFromPrimitiveList/nonMergingIntList':[2]}", "{'nonMergingIntList':[1,3]}"),
        new Case("retainKeys list can add a field without the directive",
            "{'mergingList':[{'name':'bar'},{'name':'foo'}]}", "{'mergingList':[{'name':'foo','value':'a'}]}",
            "{'mergingList':[{'name':'bar'},{'name':'foo','value':'a'}]}"),
        new Case("null deletes a field inside a merged element",
            "{'mergingList':[{'name':'bar'},{'name':'foo','value':'a'}]}", "{'mergingList':[{'name':'foo','value':null}]}",
            "{'mergingList':[{'name':'bar'},{'name':'foo'}]}"),
        new Case("delete all maps from a merging list", "{'mergingList':[{'name':'1'},{'name':'2'}]}",
            "{'mergingList':[{'name':'1','$patch':'delete'},{'name':'2','$patch':'delete'}]}", "{'mergingList':[]}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesGo(Case c) {
    assertEquals(json(c.result()), StrategicMergePatch.apply(json(c.current()), json(c.patch()), GO_TEST_STRUCT));
  }

  static Stream<Case> errors() {
    return Stream.of(
        new Case("order of setElementOrder and patch list must match", "{'mergingList':[{'name':'1'},{'name':'3'},{'name':'2'}]}",
            "{'$setElementOrder/mergingList':[{'name':'1'},{'name':'2'},{'name':'3'}],"
                + "'mergingList':[{'name':'3','value':'3'},{'name':'1','value':'1'}]}", "doesn't match"),
        new Case("order of setElementOrder and int patch list must match", "{'mergingIntList':[1,3,2]}",
            "{'$setElementOrder/mergingIntList':[1,2,3],'mergingIntList':[3,1]}", "doesn't match"),
        new Case("missing merge key", "{'mergingList':[{'name':'1','value':'a'}]}", "{'mergingList':[{'value':'b'}]}",
            "does not contain declared merge key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void failsLikeGo(Case c) {
    PatchException e = assertThrows(PatchException.class,
        () -> StrategicMergePatch.apply(json(c.current()), json(c.patch()), GO_TEST_STRUCT));
    assertTrue(e.getMessage().contains(c.result()), e.getMessage());
    assertEquals(List.of(500), List.of(e.code()));
  }
}
