/**
 * The registry maps task names to task functions: PatioTask marks a method, Registry
 * names it (explicitly, or generated from the project, the class and the method, with a
 * bytecode digest when strict) and is locked once the first broker starts; ArgumentBinder
 * fits decoded arguments to the method's parameters.
 */
@NullMarked
package io.patio.registry;

import org.jspecify.annotations.NullMarked;
