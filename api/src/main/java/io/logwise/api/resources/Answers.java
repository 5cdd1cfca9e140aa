package io.logwise.api.resources;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a route that builds its own {@code Response} answers, for the OpenAPI document ({@link
 * OpenApiResource} reads it; swagger-core sees no body type in a {@code Response}): the body type
 * for each code, in JSON.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Answers {

  /** The body's type. */
  Class<?> value();

  /** The codes answered with that body; {@link #descriptions} says what each means. */
  int[] codes() default {200};

  String[] descriptions() default {"success"};

  /**
   * The route hands an operation that outlasts 20 s over: 200 with {@link #value} when it finished
   * in time, 202 with the {@link OperationView} to follow.
   */
  boolean handsOver() default false;
}
