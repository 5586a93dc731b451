package io.splice.examples.shop.orders;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one flat JSON object, such as {@code {"productId":"p1","quantity":2}}. Values may be
 * strings, numbers ({@link BigDecimal}), booleans or null; nested objects and arrays are refused.
 * Every problem is an {@link IllegalArgumentException} whose message says where.
 */
final class FlatJson {

  private final String text;
  private int pos;

  private FlatJson(String text) {
    this.text = text;
  }

  static Map<String, Object> parseObject(String text) {
    FlatJson json = new FlatJson(text);
    Map<String, Object> fields = json.object();
    json.skipSpace();
    if (json.pos != text.length()) {
      throw json.fail("unexpected text after the object");
    }
    return fields;
  }

  private Map<String, Object> object() {
    Map<String, Object> fields = new LinkedHashMap<>();
    expect('{');
    skipSpace();
    if (peek() == '}') {
      pos++;
      return fields;
    }
    while (true) {
      skipSpace();
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      if (fields.put(key, value()) != null) {
        throw fail("duplicate field \"" + key + "\"");
      }
      skipSpace();
      char c = next();
      if (c == '}') {
        return fields;
      }
      if (c != ',') {
        throw fail("expected ',' or '}'");
      }
    }
  }

  private Object value() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number();
    }
    for (String word : new String[] {"true", "false", "null"}) {
      if (text.startsWith(word, pos)) {
        pos += word.length();
        return word.equals("null") ? null : Boolean.valueOf(word);
      }
    }
    if (c == '{' || c == '[') {
      throw fail("nested objects and arrays are not accepted");
    }
    throw fail("expected a value");
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw fail("control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw fail("short \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException x) {
            throw fail("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw fail("bad escape \\" + e);
      }
    }
  }

  private BigDecimal number() {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String token = text.substring(start, pos);
    if (!token.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) {
      pos = start;
      throw fail("bad number " + token);
    }
    return new BigDecimal(token);
  }

  private void skipSpace() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw fail("unexpected end of input");
    }
    return text.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw fail("expected '" + c + "'");
    }
    pos++;
  }

  private IllegalArgumentException fail(String message) {
    return new IllegalArgumentException(message + " at offset " + pos);
  }
}
