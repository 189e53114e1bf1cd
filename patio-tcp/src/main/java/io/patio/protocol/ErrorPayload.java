package io.patio.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The payload of an ERROR: {@code {"code": ..., "type": ..., "message": ...}}. The type
 * is a name for the user; it is never loaded as a class.
 *
 * @param code a wire {@link io.patio.ErrorCode} value such as {@code task-failed}
 * @param type the exception's type name
 * @param message the exception's message, or {@code null}
 */
@JsonPropertyOrder({ "code", "type", "message" })
public record ErrorPayload(String code, String type, @JsonInclude(JsonInclude.Include.ALWAYS) String message) {

}
