package io.logwise.config;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@link SparkSettings#getSparkProperties()}: every key a Spark property ({@code spark.…}) that the
 * supervisor does not set itself; the message names each key at fault and what to use instead.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = AllowedSparkProperties.Validator.class)
public @interface AllowedSparkProperties {
  String message() default "has keys that are not allowed";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Names every key that is not a Spark property or is one the supervisor owns. */
  final class Validator
      implements ConstraintValidator<AllowedSparkProperties, Map<String, String>> {
    @Override
    public boolean isValid(Map<String, String> properties, ConstraintValidatorContext context) {
      if (properties == null) {
        return true;
      }
      List<String> problems = new ArrayList<>();
      for (String key : new TreeSet<>(properties.keySet())) {
        String instead = SparkSettings.RESERVED_PROPERTIES.get(key);
        if (!key.startsWith("spark.")) {
          problems.add("'" + key + "' is not a Spark property (spark.…)");
        } else if (instead != null) {
          problems.add("'" + key + "' is set by the supervisor: use " + instead);
        } else if (properties.get(key) == null) {
          problems.add("'" + key + "' has no value");
        }
      }
      if (problems.isEmpty()) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context
          .buildConstraintViolationWithTemplate(
              String.join("; ", problems).replaceAll("([\\\\{}$])", "\\\\$1"))
          .addConstraintViolation();
      return false;
    }
  }
}
