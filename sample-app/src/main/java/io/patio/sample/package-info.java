/**
 * A sample Spring Boot application that offers tasks with @PatioTask and calls them over
 * patio, through a small web API.
 */
@NullMarked
package io.patio.sample;

import org.jspecify.annotations.NullMarked;
