/**
 * The exceptions a patio call can end with, shared by every module: each is a
 * PatioException with an ErrorCode that travels on the wire, so a caller gets the same
 * type whether the task ran in this process or on a peer.
 */
@NullMarked
package io.patio;

import org.jspecify.annotations.NullMarked;
