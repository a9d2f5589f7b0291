package io.kubeloop.examples.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({"500m, 0.5", "2, 2", "1Ki, 1024", "512Mi, 536870912", "4Gi, 4294967296", "1G, 1000000000",
      "1e3, 1000", "1.5, 1.5", "100k, 100000", "10n, 0.00000001"})
  void parses(String text, String value) {
    Quantity q = Quantity.parse(text);
    assertEquals(0, new BigDecimal(value).compareTo(q.value()), text);
    assertEquals(text, q.toString(), "keeps the text as written");
  }

  @ParameterizedTest(name = "rejects {0}")
  @ValueSource(strings = {"", "Gi", "1Gb", "abc", "1.2.3"})
  void rejects(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantity.parse(text));
    assertTrue(e.getMessage().contains("such as 500m"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} milli {1}")
  @CsvSource({"500m, 500", "2, 2000", "1.0001, 1001"})
  void milliValueRoundsUp(String text, long milli) {
    assertEquals(milli, Quantity.parse(text).milliValue());
  }

  @ParameterizedTest(name = "{0} equals {1}")
  @CsvSource({"1Ki, 1024", "1000m, 1", "1e3, 1k"})
  void equalityIsByValue(String a, String b) {
    assertEquals(Quantity.parse(a), Quantity.parse(b));
    assertEquals(Quantity.parse(a).hashCode(), Quantity.parse(b).hashCode());
  }
}
