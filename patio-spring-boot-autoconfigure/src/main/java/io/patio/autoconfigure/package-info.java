/**
 * Spring Boot auto-configuration for patio: PatioProperties under patio.*, one
 * conditional configuration per broker, executor and serializer type (a module adds a
 * type with a PatioTypeContribution), the @PatioTask scanning, customizers, and the life
 * cycle that starts the broker last and stops it first.
 */
@NullMarked
package io.patio.autoconfigure;

import org.jspecify.annotations.NullMarked;
