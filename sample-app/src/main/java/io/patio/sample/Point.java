package io.patio.sample;

/**
 * A point in the plane: a record that a task takes and returns, bound from and to the
 * call's arguments like any other value.
 *
 * @param x the horizontal coordinate
 * @param y the vertical coordinate
 */
public record Point(int x, int y) {

}
