package io.envelope4j.kmslocal.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, validated access to one request's JSON object. The SDK checks nothing before sending, so
 * every bound lives here: a missing required field, a length or number out of range or an unknown
 * enum value is a {@code ValidationException}; a value of the wrong JSON type is a {@code
 * SerializationException}, as the AWS JSON protocol answers.
 */
final class Input {
  private final Map<String, Object> fields;

  Input(Map<String, Object> fields) {
    this.fields = fields;
  }

  Map<String, Object> fields() {
    return Collections.unmodifiableMap(fields);
  }

  boolean has(String field) {
    return fields.get(field) != null;
  }

  String string(String field) {
    Object v = fields.get(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw wrongType(field, "a string");
    }
    return s;
  }

  String string(String field, int minLength, int maxLength) {
    String s = string(field);
    if (s != null && (s.length() < minLength || s.length() > maxLength)) {
      throw KmsException.validation(
          field
              + " has length "
              + s.length()
              + ", outside the allowed "
              + minLength
              + ".."
              + maxLength);
    }
    return s;
  }

  String requiredString(String field, int minLength, int maxLength) {
    String s = string(field, minLength, maxLength);
    if (s == null) {
      throw missing(field);
    }
    return s;
  }

  byte[] blob(String field, int minLength, int maxLength, boolean required) {
    String s = string(field);
    if (s == null) {
      if (required) {
        throw missing(field);
      }
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new KmsException("SerializationException", field + " is not valid base64");
    }
    if (bytes.length < minLength || bytes.length > maxLength) {
      throw KmsException.validation(
          field
              + " has "
              + bytes.length
              + " bytes, outside the allowed "
              + minLength
              + ".."
              + maxLength);
    }
    return bytes;
  }

  Integer integer(String field, int min, int max) {
    Object v = fields.get(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Long l)) {
      throw wrongType(field, "an integer");
    }
    if (l < min || l > max) {
      throw KmsException.validation(
          field + " is " + l + ", outside the allowed " + min + ".." + max);
    }
    return l.intValue();
  }

  boolean bool(String field) {
    Object v = fields.get(field);
    if (v == null) {
      return false;
    }
    if (!(v instanceof Boolean b)) {
      throw wrongType(field, "a boolean");
    }
    return b;
  }

  String enumValue(String field, Set<String> allowed) {
    String s = string(field);
    if (s != null && !allowed.contains(s)) {
      throw KmsException.validation(
          field
              + " '"
              + s
              + "' is not one of "
              + String.join(", ", allowed.stream().sorted().toList()));
    }
    return s;
  }

  /** A string-to-string map such as an encryption context; empty when absent. */
  Map<String, String> stringMap(String field) {
    Object v = fields.get(field);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw wrongType(field, "an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getValue() instanceof String value)) {
        throw wrongType(field + "." + e.getKey(), "a string");
      }
      out.put((String) e.getKey(), value);
    }
    return out;
  }

  List<String> stringList(String field) {
    Object v = fields.get(field);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw wrongType(field, "an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw wrongType(field + "[]", "a string");
      }
      out.add(s);
    }
    return out;
  }

  /** The list of {@code {"TagKey": ..., "TagValue": ...}} objects under {@code field}. */
  List<Map<String, String>> tags(String field) {
    Object v = fields.get(field);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw wrongType(field, "an array of tags");
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> m)) {
        throw wrongType(field + "[]", "a tag object");
      }
      Object key = m.get("TagKey");
      Object value = m.get("TagValue");
      if (!(key instanceof String) || !(value instanceof String)) {
        throw KmsException.validation(field + " entries need a string TagKey and TagValue");
      }
      out.add(Map.of("TagKey", (String) key, "TagValue", (String) value));
    }
    return out;
  }

  static KmsException missing(String field) {
    return KmsException.validation(field + " is required but missing");
  }

  private static KmsException wrongType(String field, String expected) {
    return new KmsException("SerializationException", field + " must be " + expected);
  }
}
