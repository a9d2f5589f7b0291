package io.kubeloop.examples.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.core.api.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VirtualMachineJsonTest {
  private static final String VM = """
      {"apiVersion":"cloudnative.czs/v1alpha1","kind":"VirtualMachine",
       "metadata":{"name":"vm1","namespace":"default","uid":"u1","resourceVersion":"7","x-meta":1},
       "spec":{"resource":{"cpu":2,"memory":"4Gi","rootDisk":"40Gi","gpu":"1"},"action":"Start","zone":"a"},
       "status":{"phase":"Active","server":{"id":"srv-1","state":"Running","usage":{"cpu":"500m","memory":"1Gi","disk":"3Gi"},"ip":"10.0.0.1"},
                 "lastUpdateTime":"2026-01-02T03:04:05Z","conditions":[{"type":"Ready"}]},
       "extra":{"a":[1,2]}}
      """;

  @Test
  void readsTheModelledFields() {
    VirtualMachine vm = Json.parse(VM, VirtualMachine.class);
    assertEquals("vm1", vm.metadata().name());
    assertEquals(Quantity.parse("2"), vm.spec().resource().cpu());
    assertEquals(4L << 30, vm.spec().resource().memory().longValue());
    assertEquals(VmPhase.Active, vm.status().phase());
    assertEquals("srv-1", vm.status().server().id());
    assertEquals(500, vm.status().server().usage().cpu().milliValue());
    assertEquals(Instant.parse("2026-01-02T03:04:05Z"), vm.status().lastUpdateTime());
  }

  @Test
  void unknownFieldsSurviveAReadModifyWriteAtEveryLevel() throws Exception {
    VirtualMachine vm = Json.parse(VM, VirtualMachine.class);
    VirtualMachine changed = vm.withStatus(vm.status().withPhase(VmPhase.Terminating, "deleting"));
    JsonNode out = Json.reader(JsonNode.class).readValue(Json.write(changed));
    JsonNode in = Json.reader(JsonNode.class).readValue(VM);
    assertEquals(in.get("extra"), out.get("extra"));
    assertEquals(1, out.get("metadata").get("x-meta").asInt());
    assertEquals("a", out.get("spec").get("zone").asText());
    assertEquals("1", out.get("spec").get("resource").get("gpu").asText());
    assertEquals("3Gi", out.get("status").get("server").get("usage").get("disk").asText());
    assertEquals("10.0.0.1", out.get("status").get("server").get("ip").asText());
    assertEquals(in.get("status").get("conditions"), out.get("status").get("conditions"));
    assertEquals("Terminating", out.get("status").get("phase").asText());
    assertEquals("2", out.get("spec").get("resource").get("cpu").asText(), "quantities keep their text");
  }

  @Test
  void anUnknownPhaseReadsAsUnknown() {
    VirtualMachineStatus s = Json.parse("{\"phase\":\"Hibernating\"}", VirtualMachineStatus.class);
    assertEquals(VmPhase.Unknown, s.phase());
    assertEquals(Map.of(), s.unknown());
  }

  @Test
  void newVmsGetApiVersionAndKind() {
    VirtualMachine vm = VirtualMachine.of(io.kubeloop.core.api.ObjectMeta.of("default", "a"),
        VirtualMachineSpec.of(VmResources.of("1", "1Gi", "10Gi")));
    assertEquals("cloudnative.czs/v1alpha1", vm.apiVersion());
    assertEquals("VirtualMachine", vm.kind());
  }
}
