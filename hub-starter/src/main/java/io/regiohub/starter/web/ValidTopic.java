package io.regiohub.starter.web;

import io.regiohub.events.Taxonomy;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A code of the shared topic taxonomy ({@link Taxonomy}). */
@Documented
@Constraint(validatedBy = ValidTopic.Validator.class)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidTopic {

    String message() default "is not a topic of the shared taxonomy";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidTopic, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || Taxonomy.byCode(value).isPresent()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("is not a topic of the shared taxonomy (" + Taxonomy.codes() + ")")
                    .addConstraintViolation();
            return false;
        }
    }
}
