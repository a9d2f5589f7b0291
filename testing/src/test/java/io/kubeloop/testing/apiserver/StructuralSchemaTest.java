package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.JsonMergePatchTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StructuralSchemaTest {
  /** The VirtualMachine schema of the fake's conformance checks, plus one field per keyword. */
  static final StructuralSchema VM = StructuralSchema.of(json("""
      {'type':'object','properties':{
        'spec':{'type':'object','required':['image'],'properties':{
          'cpus':{'type':'integer','minimum':1,'maximum':64},
          'image':{'type':'string','minLength':2,'maxLength':20,'pattern':'^[a-z0-9./:-]+$'},
          'action':{'type':'string','enum':['start','stop']},
          'ratio':{'type':'number','exclusiveMinimum':true,'minimum':0.5},
          'port':{'x-kubernetes-int-or-string':true},
          'disks':{'type':'array','minItems':1,'maxItems':2,'items':{'type':'object','properties':{
            'name':{'type':'string'},'sizeGi':{'type':'integer','default':10}}}},
          'tags':{'type':'object','additionalProperties':{'type':'string'}},
          'note':{'type':'string','nullable':true},
          'mode':{'type':'string','default':'fast'},
          'uid':{'type':'string','format':'uuid'},
          'extra':{'type':'object','x-kubernetes-preserve-unknown-fields':true,'properties':{
            'known':{'type':'object','properties':{'a':{'type':'string'}}}}},
          'template':{'type':'object','x-kubernetes-embedded-resource':true,'properties':{
            'spec':{'type':'object','properties':{'x':{'type':'string'}}}}}}},
        'status':{'type':'object','properties':{'phase':{'type':'string'}}}}}
      """));

  static JsonNode vm(String spec) {
    return json("{'apiVersion':'example.com/v1','kind':'VirtualMachine','metadata':{'name':'vm1','labels':{'a':'b'}},'spec':"
        + spec + "}");
  }

  record Case(String name, String spec, List<String> errors) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> validationCases() {
    return Stream.of(
        new Case("valid", "{'image':'ubuntu','cpus':2,'port':'http','tags':{'a':'b'}}", List.of()),
        new Case("integer given a string", "{'image':'ubuntu','cpus':'abc'}",
            List.of("spec.cpus: Invalid value: \"string\": spec.cpus in body must be of type integer: \"string\"")),
        new Case("integral float is an integer", "{'image':'ubuntu','cpus':4.0}", List.of()),
        new Case("required", "{'cpus':2}", List.of("spec.image: Required value")),
        new Case("enum", "{'image':'ubuntu','action':'x'}",
            List.of("spec.action: Unsupported value: \"x\": supported values: \"start\", \"stop\"")),
        new Case("minimum", "{'image':'ubuntu','cpus':0}",
            List.of("spec.cpus: Invalid value: 0: spec.cpus in body should be greater than or equal to 1")),
        new Case("maximum", "{'image':'ubuntu','cpus':65}",
            List.of("spec.cpus: Invalid value: 65: spec.cpus in body should be less than or equal to 64")),
        new Case("exclusive minimum", "{'image':'ubuntu','ratio':0.5}",
            List.of("spec.ratio: Invalid value: 0.5: spec.ratio in body should be greater than 0.5")),
        new Case("integer data meets a fractional bound truncated, as kube-openapi does", "{'image':'ubuntu','ratio':0}",
            List.of("spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0")),
        new Case("max length", "{'image':'abcdefghijklmnopqrstuvwxyz'}", List.of("spec.image: Too long: may not be more than 20 bytes")),
        new Case("min length and pattern", "{'image':'A'}",
            List.of("spec.image: Invalid value: \"A\": spec.image in body should be at least 2 chars long",
                "spec.image: Invalid value: \"A\": spec.image in body should match '^[a-z0-9./:-]+$'")),
        new Case("int-or-string rejects a boolean", "{'image':'ubuntu','port':true}",
            List.of("spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"")),
        new Case("min items", "{'image':'ubuntu','disks':[]}",
            List.of("spec.disks: Invalid value: 0: spec.disks in body should have at least 1 items")),
        new Case("max items", "{'image':'ubuntu','disks':[{},{},{}]}", List.of("spec.disks: Too many: 3: must have at most 2 items")),
        new Case("items are validated with indexes", "{'image':'ubuntu','disks':[{'name':1}]}",
            List.of("spec.disks[0].name: Invalid value: \"integer\": spec.disks[0].name in body must be of type string: \"integer\"")),
        new Case("additional properties", "{'image':'ubuntu','tags':{'a':1}}",
            List.of("spec.tags.a: Invalid value: \"integer\": spec.tags.a in body must be of type string: \"integer\"")),
        new Case("nullable accepts null", "{'image':'ubuntu','note':null}", List.of()),
        new Case("non-nullable null", "{'image':'ubuntu','action':null}",
            List.of("spec.action: Invalid value: \"null\": spec.action in body must be of type string: \"null\"")),
        new Case("format", "{'image':'ubuntu','uid':'nope'}",
            List.of("spec.uid: Invalid value: \"nope\": spec.uid in body must be of type uuid: \"nope\"")),
        new Case("embedded resource needs apiVersion and kind", "{'image':'ubuntu','template':{'spec':{}}}",
            List.of("spec.template.apiVersion: Required value: must not be empty", "spec.template.kind: Required value: must not be empty")),
        new Case("several errors in property order", "{'cpus':'x','action':'y'}",
            List.of("spec.action: Unsupported value: \"y\": supported values: \"start\", \"stop\"",
                "spec.cpus: Invalid value: \"string\": spec.cpus in body must be of type integer: \"string\"",
                "spec.image: Required value")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validationCases")
  void validate(Case c) {
    List<String> actual = VM.validate(vm(c.spec())).stream().map(FieldError::toString).collect(Collectors.toList());
    assertEquals(c.errors(), actual);
  }

  @Test
  void typeErrorsAreFieldValueTypeInvalidAndRenderIntoTheInvalidStatus() {
    List<FieldError> errors = VM.validate(vm("{'image':'ubuntu','cpus':'string'}"));
    assertEquals("FieldValueTypeInvalid", errors.get(0).reason());
    assertEquals("VirtualMachine.example.com \"vm1\" is invalid: spec.cpus: Invalid value: \"string\": spec.cpus in body must "
            + "be of type integer: \"string\"",
        StatusErrors.invalid("example.com", "VirtualMachine", "vm1", errors).get("message").asText());
  }

  @Test
  void pruneDropsUnknownFieldsAndReportsTheirPaths() {
    JsonNode input = vm("{'image':'ubuntu','foo':1,'disks':[{'name':'a','bar':2}],'extra':{'free':1,'known':{'a':'x','zap':1}}}");
    JsonNode before = input.deepCopy();
    StructuralSchema.Pruned pruned = VM.prune(input);
    assertEquals(List.of("spec.disks[0].bar", "spec.extra.known.zap", "spec.foo"), pruned.removedPaths());
    assertEquals(vm("{'image':'ubuntu','disks':[{'name':'a'}],'extra':{'free':1,'known':{'a':'x'}}}"), pruned.object());
    assertEquals(before, input, "input must not be mutated");
  }

  @Test
  void pruneKeepsRootAndEmbeddedMetaFieldsButDropsUnknownTopLevelFields() {
    JsonNode input = json("{'apiVersion':'example.com/v1','kind':'VirtualMachine','metadata':{'name':'x','whatever':1},"
        + "'top':1,'spec':{'image':'ubuntu','template':{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'junk':1}}}");
    StructuralSchema.Pruned pruned = VM.prune(input);
    assertEquals(List.of("spec.template.junk", "top"), pruned.removedPaths());
    assertEquals(json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'}}"), pruned.object().at("/spec/template"));
    assertEquals(json("{'name':'x','whatever':1}"), pruned.object().get("metadata"));
  }

  @Test
  void strictAndWarnTextsForUnknownFields() {
    // Conformance check 38: a CR with spec.foo under Strict is a 400 with this message; under Warn a Warning header.
    List<String> removed = VM.prune(vm("{'image':'ubuntu','foo':1,'bar':2}")).removedPaths();
    assertEquals("VirtualMachine in version \"v1\" cannot be handled as a VirtualMachine: strict decoding error: unknown "
        + "field \"spec.bar\", unknown field \"spec.foo\"", StructuralSchema.strictDecodingMessage("VirtualMachine", "v1", removed));
    assertEquals("unknown field \"spec.foo\"", StructuralSchema.unknownFieldWarning("spec.foo"));
  }

  @Test
  void defaultsFillAbsentAndNonNullableNullFields() {
    JsonNode input = vm("{'image':'ubuntu','disks':[{'name':'a'},{'name':'b','sizeGi':5}],'mode':null,'action':null,'note':null}");
    JsonNode defaulted = VM.applyDefaults(input);
    assertEquals(vm("{'image':'ubuntu','disks':[{'name':'a','sizeGi':10},{'name':'b','sizeGi':5}],'mode':'fast','note':null}"),
        defaulted);
    assertTrue(VM.validate(defaulted).isEmpty());
    assertEquals(vm("{'image':'ubuntu','mode':'slow'}"), VM.applyDefaults(vm("{'image':'ubuntu','mode':'slow'}")));
  }

  @Test
  void rootMetaFieldsAreValidatedOnlyWhereTheSchemaDeclaresThem() {
    assertEquals(List.of(), VM.validate(json("{'apiVersion':1,'kind':[],'metadata':'x','spec':{'image':'ok'}}")));
    StructuralSchema restricted = StructuralSchema.of(json("{'type':'object','properties':{'metadata':{'type':'object',"
        + "'properties':{'name':{'type':'string','maxLength':5}}}}}"));
    assertEquals(List.of("metadata.name: Too long: may not be more than 5 bytes"), restricted.validate(
        json("{'metadata':{'name':'too-long-name','labels':{'a':'b'}}}")).stream().map(FieldError::toString).collect(Collectors.toList()));
  }

  @Test
  void rejectsASchemaThatIsNotAnObject() {
    assertThrows(IllegalArgumentException.class, () -> StructuralSchema.of(json("[]")));
  }
}
