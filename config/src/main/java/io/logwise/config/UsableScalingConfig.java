package io.logwise.config;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scaling settings make a policy config the policy accepts: every rule of {@link
 * io.logwise.policy.scaling.ScalingConfig} checked at start-up, the policy's own words in the
 * message, so the worker and the API never meet a config they cannot run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = UsableScalingConfig.Validator.class)
public @interface UsableScalingConfig {
  String message() default "is not a usable scaling config";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Reports {@link ScalingSettings#problem()} as the violation's message. */
  final class Validator implements ConstraintValidator<UsableScalingConfig, ScalingSettings> {
    @Override
    public boolean isValid(ScalingSettings settings, ConstraintValidatorContext context) {
      String problem = settings == null ? null : settings.problem();
      if (problem == null) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      // the message is the policy's text, not a template: escape what templates interpret
      context
          .buildConstraintViolationWithTemplate(
              "is not usable: " + problem.replaceAll("([\\\\{}$])", "\\\\$1"))
          .addConstraintViolation();
      return false;
    }
  }
}
