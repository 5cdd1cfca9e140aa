package io.logwise.policy.scaling;

/** Up/down switches from a request or an override; null means "not said". */
public record ScaleFlags(Boolean enableUpScale, Boolean enableDownScale) {

  public static final ScaleFlags UNSET = new ScaleFlags(null, null);
}
