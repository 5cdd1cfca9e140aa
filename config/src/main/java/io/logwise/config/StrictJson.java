package io.logwise.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Request bodies are read as written: no string to number, no float to whole number, no number or
 * boolean to string, no string to boolean ({@code "inputRecords":"7"}, {@code "days":12.9}, {@code
 * "status":123} and {@code "batchId":true} used to be stored as 7, 12, {@code "123"} and {@code
 * "true"}). And when a body is refused, {@link #describe} says why in the caller's terms — the
 * field and what it must be — never a Java class name; the exception stays in the log.
 */
public final class StrictJson {

  private StrictJson() {}

  /** Turns Jackson's scalar coercions off on {@code mapper} (for reading request bodies). */
  public static ObjectMapper configure(ObjectMapper mapper) {
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }

  /**
   * Why a body was refused, in the caller's terms.
   *
   * @param subject what was read, e.g. {@code "request body"} or {@code "input"}
   */
  public static String describe(JsonProcessingException e, String subject) {
    if (e instanceof JsonParseException p) {
      return subject
          + " is not valid JSON"
          + (p.getLocation() == null
              ? ""
              : " (line "
                  + p.getLocation().getLineNr()
                  + ", column "
                  + p.getLocation().getColumnNr()
                  + ")");
    }
    if (e instanceof JsonMappingException m
        && m.getCause() instanceof IllegalArgumentException own
        && own.getMessage() != null) {
      // our own constructors' and parsers' words (e.g. "unknown scaling policy 'magic'")
      String field = path(m);
      return (field.isEmpty() ? subject : "field '" + field + "'") + ": " + own.getMessage();
    }
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field '" + path(u) + "'";
    }
    if (e instanceof MismatchedInputException m) {
      String field = path(m);
      String expected = expected(m.getTargetType());
      if (field.isEmpty()) {
        return m.getTargetType() == null
            ? subject + " does not have the expected shape"
            : subject + " must be " + expected;
      }
      return "field '" + field + "' must be " + expected;
    }
    if (e instanceof JsonMappingException m && !path(m).isEmpty()) {
      return "field '" + path(m) + "' has a value that is not allowed";
    }
    return subject + " does not have the expected shape";
  }

  /** {@code a.b[2].c} of where the problem is, "" at the top. */
  public static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(
            r ->
                r.getFieldName() != null
                    ? r.getFieldName()
                    : r.getIndex() >= 0 ? "[" + r.getIndex() + "]" : "?")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Long.class
        || type == long.class
        || type == Integer.class
        || type == int.class
        || type == Short.class
        || type == short.class
        || type == java.math.BigInteger.class) {
      return "a whole number";
    }
    if (type == Double.class
        || type == double.class
        || type == Float.class
        || type == float.class
        || type == java.math.BigDecimal.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (type.isEnum()) {
      Object[] values = type.getEnumConstants();
      return "one of "
          + java.util.Arrays.stream(values).map(Object::toString).collect(Collectors.joining(", "));
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (type == java.time.Instant.class || type == java.time.Duration.class) {
      return "a string in ISO-8601 form";
    }
    if (Map.class.isAssignableFrom(type) || !type.isPrimitive()) {
      return "an object";
    }
    return "of another type";
  }
}
