package io.phylax.vault.application.port.out;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.inject.Qualifier;

/**
 * The {@link WrapKeyPort} that wraps and unwraps subjects' data keys, chosen at start from
 * {@code phylax.vault.crypto.mode}: the key service itself in production (ADR 0090).
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE})
public @interface ForDataKeys {}
