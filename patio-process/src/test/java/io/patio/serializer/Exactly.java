package io.patio.serializer;

import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Equality as the round-trip properties need it: what {@code equals} says, except that
 * arrays (in records too) are compared by their contents, element by element with the
 * same rule. {@code BigDecimal.equals} already tells {@code 9.9} from {@code 9.90}, and
 * {@code Double.equals} tells {@code -0.0} from {@code 0.0} and finds {@code NaN} equal
 * to itself, which is the exactness the protocol promises.
 */
final class Exactly {

	private Exactly() {
	}

	static boolean equal(Object sent, Object received) {
		if (sent == received) {
			return true;
		}
		if (sent == null || received == null || sent.getClass().isArray() != received.getClass().isArray()) {
			return false;
		}
		if (sent.getClass().isArray()) {
			return Objects.deepEquals(sent, received);
		}
		if (sent instanceof Record record) {
			if (record.getClass() != received.getClass()) {
				return false;
			}
			for (RecordComponent component : record.getClass().getRecordComponents()) {
				try {
					if (!equal(component.getAccessor().invoke(sent), component.getAccessor().invoke(received))) {
						return false;
					}
				}
				catch (ReflectiveOperationException ex) {
					throw new IllegalStateException(ex);
				}
			}
			return true;
		}
		if (sent instanceof Optional<?> optional) {
			return received instanceof Optional<?> other && optional.isPresent() == other.isPresent()
					&& (optional.isEmpty() || equal(optional.get(), other.get()));
		}
		if (sent instanceof List<?> list) {
			if (!(received instanceof List<?> other) || list.size() != other.size()) {
				return false;
			}
			Iterator<?> them = other.iterator();
			for (Object element : list) {
				if (!equal(element, them.next())) {
					return false;
				}
			}
			return true;
		}
		if (sent instanceof Map<?, ?> map) {
			if (!(received instanceof Map<?, ?> other) || map.size() != other.size()) {
				return false;
			}
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!other.containsKey(entry.getKey()) || !equal(entry.getValue(), other.get(entry.getKey()))) {
					return false;
				}
			}
			return true;
		}
		if (sent instanceof Set<?>) {
			return sent.equals(received);
		}
		return sent.getClass() == received.getClass() && sent.equals(received);
	}

}
