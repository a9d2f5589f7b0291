package io.kubeloop.testing.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {
  private final Map<String, String> cm = Map.of("metadata.name", "cm1", "metadata.namespace", "default");

  @Test
  void equalityAndInequalityAreAnded() {
    assertTrue(FieldSelector.parse("metadata.name=cm1").matches(cm::get));
    assertTrue(FieldSelector.parse("metadata.name==cm1,metadata.namespace=default").matches(cm::get));
    assertFalse(FieldSelector.parse("metadata.name=cm1,metadata.namespace!=default").matches(cm::get));
    assertTrue(FieldSelector.parse("metadata.name!=other").matches(cm::get));
    assertTrue(FieldSelector.parse("").matches(cm::get));
    assertTrue(FieldSelector.everything().isEmpty());
  }

  @Test
  void missingFieldsCountAsEmpty() {
    assertTrue(FieldSelector.parse("status.phase=").matches(cm::get));
    assertTrue(FieldSelector.parse("status.phase!=Active").matches(cm::get));
  }

  @Test
  void escapedValues() {
    FieldSelector s = FieldSelector.parse("metadata.name=a\\,b\\=c\\\\d");
    assertEquals("a,b=c\\d", s.terms().get(0).value());
    assertEquals("metadata.name=a\\,b\\=c\\\\d", s.toString());
  }

  @Test
  void fieldsAndExactMatch() {
    FieldSelector s = FieldSelector.parse("metadata.namespace=ops,metadata.name=x,spec.a!=1");
    assertEquals(Set.of("metadata.name", "metadata.namespace", "spec.a"), s.fields());
    assertEquals("x", s.requiresExactMatch("metadata.name"));
    assertNull(s.requiresExactMatch("spec.a"));
  }

  @Test
  void syntaxErrorsUseGoMessages() {
    assertEquals("invalid selector: 'a=b,c'; can't understand 'c'",
        assertThrows(SelectorException.class, () -> FieldSelector.parse("a=b,c")).getMessage());
    assertEquals("invalid field selector: invalid escape sequence: \\x",
        assertThrows(SelectorException.class, () -> FieldSelector.parse("a=b\\x")).getMessage());
    assertEquals("invalid field selector: unescaped character in value: 61",
        assertThrows(SelectorException.class, () -> FieldSelector.parse("a=b=c")).getMessage());
  }

  @Test
  void unsupportedFieldsUseTheResourcesMessage() {
    Set<String> supported = Set.of("metadata.name", "metadata.namespace");
    FieldSelector s = FieldSelector.parse("metadata.name=a,foo=b");
    assertEquals("\"foo\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
        assertThrows(SelectorException.class, () -> s.requireSupported(supported, FieldSelector::notAKnownFieldSelector))
            .getMessage());
    assertEquals("field label not supported: foo",
        assertThrows(SelectorException.class, () -> s.requireSupported(supported, FieldSelector::fieldLabelNotSupported))
            .getMessage());
    FieldSelector.parse("metadata.name=a").requireSupported(supported, FieldSelector::fieldLabelNotSupported);
  }
}
