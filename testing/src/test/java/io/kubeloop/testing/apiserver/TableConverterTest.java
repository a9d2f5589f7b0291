package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.JsonMergePatchTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TableConverterTest {
  private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");
  private static final TableConverter.Options DEFAULTS = TableConverter.Options.defaults();

  static List<String> columnNames(ObjectNode table) {
    return java.util.stream.StreamSupport.stream(table.get("columnDefinitions").spliterator(), false)
        .map(c -> c.get("name").asText()).collect(Collectors.toList());
  }

  @Test
  void customResourceColumnsWithPartialObjectMetadata() {
    // Conformance check 37 (its CRD lists Phase and Age; a CRD that lists only Phase gets [Name, Phase], as in Go).
    JsonNode version = json("{'name':'v1','additionalPrinterColumns':[{'name':'Phase','type':'string','jsonPath':'.status.phase'},"
        + "{'name':'CPUs','type':'integer','jsonPath':'.spec.cpus','priority':1},"
        + "{'name':'Age','type':'date','jsonPath':'.metadata.creationTimestamp'}]}");
    JsonNode vm = json("{'apiVersion':'example.com/v1','kind':'VirtualMachine','metadata':{'name':'vm1','namespace':'default',"
        + "'resourceVersion':'7','creationTimestamp':'2026-01-01T00:55:00Z'},'spec':{'cpus':4.0},'status':{'phase':'Running'}}");
    ObjectNode table = TableConverter.forCustomResourceVersion(version)
        .toTable(List.of(vm), json("{'resourceVersion':'9','continue':'','remainingItemCount':2}"), DEFAULTS, NOW);
    assertEquals(List.of("Name", "Phase", "CPUs", "Age"), columnNames(table));
    assertEquals(json("['vm1','Running',4,'5m']"), table.at("/rows/0/cells"));
    assertEquals(json("{'kind':'PartialObjectMetadata','apiVersion':'meta.k8s.io/v1','metadata':{'name':'vm1',"
        + "'namespace':'default','resourceVersion':'7','creationTimestamp':'2026-01-01T00:55:00Z'}}"), table.at("/rows/0/object"));
    assertEquals(json("{'resourceVersion':'9','remainingItemCount':2}"), table.get("metadata"));
    assertEquals("Table", table.get("kind").asText());
    assertEquals(json("{'name':'Phase','type':'string','format':'','description':'Custom resource definition column (in "
        + "JSONPath format): .status.phase','priority':0}"), table.at("/columnDefinitions/1"));
  }

  @Test
  void customResourceWithoutColumnsShowsAge() {
    TableConverter converter = TableConverter.forCustomResourceVersion(json("{'name':'v1'}"));
    assertEquals(List.of("Name", "Age"), converter.columns().stream().map(Column::name).collect(Collectors.toList()));
    assertEquals("date", converter.columns().get(1).type());
  }

  @Test
  void missingValuesAreNullAndTypesAreCoerced() {
    TableConverter converter = TableConverter.forPrinterColumns(List.of(
        new Column("Phase", "string", "", "", 0, ".status.phase"),
        new Column("Ready", "boolean", "", "", 0, ".status.ready"),
        new Column("Ratio", "number", "", "", 0, ".status.ratio"),
        new Column("Disks", "string", "", "", 0, ".spec.disks"),
        new Column("Started", "date", "", "", 0, ".status.started")));
    ObjectNode table = converter.toTable(List.of(json("{'metadata':{'name':'a'},'status':{'ready':true,'ratio':1,"
        + "'started':'not-a-date'},'spec':{'disks':[{'n':1},'x']}}")), null, DEFAULTS, NOW);
    assertEquals(json("['a',null,true,1,'[map[n:1] x]','<invalid>']"), table.at("/rows/0/cells"));
  }

  @Test
  void defaultConvertorHasNameAndCreatedAt() {
    // Conformance check 58: a kind without its own printer gets Name and Created At.
    ObjectNode table = TableConverter.forBuiltIn("apiextensions.k8s.io", "customresourcedefinitions").toTable(
        json("{'metadata':{'name':'virtualmachines.example.com','resourceVersion':'3','creationTimestamp':'2026-01-01T00:00:00Z'}}"),
        DEFAULTS, NOW);
    assertEquals(List.of("Name", "Created At"), columnNames(table));
    assertEquals("date", table.at("/columnDefinitions/1/type").asText());
    assertEquals(json("['virtualmachines.example.com','2026-01-01T00:00:00Z']"), table.at("/rows/0/cells"));
    assertEquals(json("{'resourceVersion':'3'}"), table.get("metadata"));
  }

  @Test
  void builtInColumns() {
    assertEquals(json("['cm1',3,'60m']"), row("", "configmaps",
        "{'metadata':{'name':'cm1','creationTimestamp':'2026-01-01T00:00:00Z'},'data':{'a':'1','b':'2'},'binaryData':{'c':''}}"));
    assertEquals(json("['s1','Opaque',1,'<unknown>']"), row("", "secrets", "{'metadata':{'name':'s1'},'type':'Opaque','data':{'a':''}}"));
    assertEquals(json("['default','Active','59m']"), row("", "namespaces",
        "{'metadata':{'name':'default','creationTimestamp':'2026-01-01T00:01:00Z'},'status':{'phase':'Active'}}"));
    assertEquals(json("['my-lease','pod-a','5m']"), row("coordination.k8s.io", "leases",
        "{'metadata':{'name':'my-lease','creationTimestamp':'2026-01-01T00:55:00Z'},'spec':{'holderIdentity':'pod-a'}}"));
    assertEquals(List.of("Name", "Holder", "Age"),
        TableConverter.forBuiltIn("coordination.k8s.io", "leases").columns().stream().map(Column::name).collect(Collectors.toList()));
  }

  @Test
  void eventsPrintLikeKubectl() {
    assertEquals(List.of("Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen", "Count", "Name"),
        TableConverter.forBuiltIn("", "events").columns().stream().map(Column::name).collect(Collectors.toList()));
    assertEquals(json("['2m','Warning','BackOff','pod/web-1','spec.containers{app}','kubelet, node-1','Back-off',"
        + "'60m',5,'web-1.abc']"), row("", "events", "{'metadata':{'name':'web-1.abc'},'type':'Warning','reason':'BackOff',"
        + "'involvedObject':{'kind':'Pod','name':'web-1','fieldPath':'spec.containers{app}'},"
        + "'source':{'component':'kubelet','host':'node-1'},'message':' Back-off\\n','firstTimestamp':'2026-01-01T00:00:00Z',"
        + "'lastTimestamp':'2026-01-01T00:58:00Z','count':5}"));
    assertEquals(json("['3m','Normal','Started','virtualmachine/vm1','','<unknown>','ok','3m',1,'e2']"), row("", "events",
        "{'metadata':{'name':'e2'},'type':'Normal','reason':'Started','involvedObject':{'kind':'VirtualMachine','name':'vm1'},"
        + "'message':'ok','eventTime':'2026-01-01T00:57:00.000000Z'}"));
  }

  @Test
  void watchEventsAfterTheFirstHaveNoColumnDefinitions() {
    // Conformance check 52.
    ObjectNode table = TableConverter.forBuiltIn("", "configmaps").toTable(json("{'metadata':{'name':'a'}}"),
        DEFAULTS.withColumnDefinitions(false), NOW);
    assertTrue(table.get("columnDefinitions").isNull());
    assertEquals(1, table.get("rows").size());
  }

  @Test
  void includeObjectVariants() {
    JsonNode cm = json("{'kind':'ConfigMap','apiVersion':'v1','metadata':{'name':'a'},'data':{'k':'v'}}");
    TableConverter converter = TableConverter.forBuiltIn("", "configmaps");
    assertEquals(cm, converter.toTable(cm, DEFAULTS.withIncludeObject(TableConverter.IncludeObject.OBJECT), NOW).at("/rows/0/object"));
    assertTrue(converter.toTable(cm, DEFAULTS.withIncludeObject(TableConverter.IncludeObject.NONE), NOW).at("/rows/0/object").isNull());
    assertEquals("meta.k8s.io/v1beta1", converter.toTable(cm, DEFAULTS.withApiVersion("meta.k8s.io/v1beta1"), NOW)
        .at("/rows/0/object/apiVersion").asText());
    assertEquals(TableConverter.IncludeObject.METADATA, TableConverter.IncludeObject.parse(null));
    assertEquals(TableConverter.IncludeObject.OBJECT, TableConverter.IncludeObject.parse("Object"));
    assertEquals("unrecognized includeObject value: \"x\"",
        assertThrows(IllegalArgumentException.class, () -> TableConverter.IncludeObject.parse("x")).getMessage());
  }

  @Test
  void emptyListHasNoRows() {
    ObjectNode table = TableConverter.defaultConverter().toTable(List.of(), json("{'resourceVersion':'5'}"), DEFAULTS, NOW);
    assertEquals(json("[]"), table.get("rows"));
    assertEquals("5", table.at("/metadata/resourceVersion").asText());
  }

  private static JsonNode row(String group, String resource, String object) {
    return TableConverter.forBuiltIn(group, resource).toTable(json(object), DEFAULTS, NOW).at("/rows/0/cells");
  }
}
