package io.patio.serializer;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.util.JsonGeneratorDecorator;
import tools.jackson.core.util.JsonGeneratorDelegate;
import tools.jackson.core.util.JsonParserDelegate;

/**
 * How the JSON serializer keeps numbers exact. JSON has one kind of number, so the
 * decoder keeps every number with a fraction or an exponent as the exact decimal it was
 * written as, scale included ({@code 9.90} stays {@code 9.90}); binding then makes it the
 * parameter's type, and a {@code double} parameter gets exactly the {@code double} the
 * sender had, since a {@code double} is written in a form that reads back to itself. The
 * one value no decimal can hold, {@code -0.0}, is kept as a {@code double}. On the
 * writing side, JSON has no {@code NaN} or infinity: they fail instead of going out as
 * strings that would arrive as something else.
 */
final class JsonNumbers {

	private JsonNumbers() {
	}

	/** Refuses non-finite numbers on every generator of the JSON mapper. */
	static JsonGeneratorDecorator finiteOnly() {
		return (factory, generator) -> new FiniteOnly(generator);
	}

	/** The parser the JSON decoder reads a payload with. */
	static JsonParser exact(JsonParser parser) {
		return new ExactDecimals(parser);
	}

	private static final class FiniteOnly extends JsonGeneratorDelegate {

		FiniteOnly(JsonGenerator delegate) {
			super(delegate, false);
		}

		@Override
		public JsonGenerator writeNumber(double value) {
			if (!Double.isFinite(value)) {
				throw refusal(Double.class, Double.toString(value));
			}
			return super.writeNumber(value);
		}

		@Override
		public JsonGenerator writeNumber(float value) {
			if (!Float.isFinite(value)) {
				throw refusal(Float.class, Float.toString(value));
			}
			return super.writeNumber(value);
		}

		@Override
		public JsonGenerator writeArray(double[] array, int offset, int length) {
			for (int i = offset; i < offset + length; i++) {
				if (!Double.isFinite(array[i])) {
					throw refusal(double[].class, Double.toString(array[i]));
				}
			}
			return super.writeArray(array, offset, length);
		}

		private WireTypes.Refusal refusal(Class<?> type, String value) {
			return new WireTypes.Refusal(this, type, value
					+ " cannot be written: JSON has no NaN or infinity (the cbor serializer carries them exactly)");
		}

	}

	/**
	 * The parser an answer is bound with straight to a class: as {@link #exact}, and a
	 * float that does not fit a {@code double} or {@code float} field (it overflows to
	 * infinity, or a non-zero value underflows to zero) is refused, so that binding falls
	 * back to the tree, which decides what such a number becomes.
	 */
	static JsonParser forBinding(JsonParser parser) {
		return new FittingDecimals(parser);
	}

	private static final class FittingDecimals extends ExactDecimals {

		FittingDecimals(JsonParser delegate) {
			super(delegate);
		}

		@Override
		public double getDoubleValue() {
			double value = super.getDoubleValue();
			refuseUnless(!Double.isInfinite(value), value == 0, Double.TYPE);
			return value;
		}

		/**
		 * A float as a tree's number becomes one: through the {@code double} it rounds to
		 * first, so a decimal halfway between two floats once it is a {@code double}
		 * rounds as it does from the tree, not as it would straight from its digits.
		 */
		@Override
		public float getFloatValue() {
			float value = (float) this.delegate.getDoubleValue();
			refuseUnless(!Float.isInfinite(value), value == 0, Float.TYPE);
			return value;
		}

		/**
		 * A float token as the tree holds it, exact ({@link #getDecimalValue}), or a
		 * negative zero as a {@code double}: what a {@code Number} or an untyped field
		 * gets from the tree.
		 */
		@Override
		public Number getNumberValue() {
			return hasToken(JsonToken.VALUE_NUMBER_FLOAT) ? treeNumber() : super.getNumberValue();
		}

		@Override
		public Number getNumberValueExact() {
			return hasToken(JsonToken.VALUE_NUMBER_FLOAT) ? treeNumber() : super.getNumberValueExact();
		}

		@Override
		public Object getNumberValueDeferred() {
			return hasToken(JsonToken.VALUE_NUMBER_FLOAT) ? treeNumber() : super.getNumberValueDeferred();
		}

		/**
		 * A float token's type as the tree's node has it: an exact decimal, or a
		 * {@code double} for a negative zero. Jackson picks how to build a class from a
		 * bare number by it (a {@code BigDecimal} constructor, say).
		 */
		@Override
		public NumberType getNumberType() {
			if (!hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
				return super.getNumberType();
			}
			return (getNumberTypeFP() == NumberTypeFP.DOUBLE64) ? NumberType.DOUBLE : NumberType.BIG_DECIMAL;
		}

		/**
		 * A negative zero of any form ({@code -0.000}, {@code -0e5}) as the tree's
		 * {@code double} node gives it: {@code 0.0}.
		 */
		@Override
		public java.math.BigDecimal getDecimalValue() {
			if (hasToken(JsonToken.VALUE_NUMBER_FLOAT) && getNumberTypeFP() == NumberTypeFP.DOUBLE64) {
				return java.math.BigDecimal.valueOf(getDoubleValue());
			}
			return super.getDecimalValue();
		}

		private Number treeNumber() {
			return (getNumberTypeFP() == NumberTypeFP.DOUBLE64) ? (Number) getDoubleValue() : getDecimalValue();
		}

		/** Refuses a float token that overflowed, or that underflowed to zero. */
		private void refuseUnless(boolean finite, boolean zero, Class<?> type) {
			if (!finite || (zero && hasToken(JsonToken.VALUE_NUMBER_FLOAT) && !isZero())) {
				throw new tools.jackson.core.exc.InputCoercionException(this,
						"A float that a " + type + " does not hold as it is", JsonToken.VALUE_NUMBER_FLOAT, type);
			}
		}

		/**
		 * A number's text is refused, so that binding falls back to the tree: a field
		 * that reads a number as text ({@code URI}, {@code StringBuilder}, a deserializer
		 * of one's own) gets the tree's text for it ({@code 1E+2} for {@code 1e2},
		 * {@code -0.0} for {@code -0.000}), or the tree's refusal of a number no
		 * {@code BigDecimal} holds, not the token as it was written.
		 */
		@Override
		public String getString() {
			refuseNumberText();
			return super.getString();
		}

		@Override
		public int getString(java.io.Writer writer) throws tools.jackson.core.JacksonException {
			refuseNumberText();
			return super.getString(writer);
		}

		@Override
		public String getValueAsString() {
			refuseNumberText();
			return super.getValueAsString();
		}

		@Override
		public String getValueAsString(String defaultValue) {
			refuseNumberText();
			return super.getValueAsString(defaultValue);
		}

		@Override
		public char[] getStringCharacters() {
			refuseNumberText();
			return super.getStringCharacters();
		}

		private void refuseNumberText() {
			if (this.delegate.currentToken() != null && this.delegate.currentToken().isNumeric()) {
				throw new tools.jackson.core.exc.InputCoercionException(this,
						"A number read as text, which the tree would write otherwise", this.delegate.currentToken(),
						String.class);
			}
		}

		/** Whether the token's digits are all zeros. */
		private boolean isZero() {
			char[] text = this.delegate.getStringCharacters();
			int end = this.delegate.getStringOffset() + this.delegate.getStringLength();
			for (int i = this.delegate.getStringOffset(); i < end; i++) {
				char c = text[i];
				if (c == 'e' || c == 'E') {
					return true;
				}
				if (c >= '1' && c <= '9') {
					return false;
				}
			}
			return true;
		}

	}

	/**
	 * Reports every textual float as a {@code BigDecimal}, so that Jackson's tree reader
	 * keeps it exact, except a negative zero, which it reports as a {@code double}.
	 */
	private static class ExactDecimals extends JsonParserDelegate {

		ExactDecimals(JsonParser delegate) {
			super(delegate);
		}

		@Override
		public NumberTypeFP getNumberTypeFP() {
			NumberTypeFP type = this.delegate.getNumberTypeFP();
			if (type != NumberTypeFP.UNKNOWN || !this.delegate.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
				return type;
			}
			return isNegativeZero() ? NumberTypeFP.DOUBLE64 : NumberTypeFP.BIG_DECIMAL;
		}

		/** Reads the token's text, without parsing it, up to its first non-zero digit. */
		private boolean isNegativeZero() {
			char[] text = this.delegate.getStringCharacters();
			int offset = this.delegate.getStringOffset();
			int end = offset + this.delegate.getStringLength();
			if (offset >= end || text[offset] != '-') {
				return false;
			}
			for (int i = offset + 1; i < end; i++) {
				char c = text[i];
				if (c == 'e' || c == 'E') {
					return true;
				}
				if (c != '0' && c != '.') {
					return false;
				}
			}
			return true;
		}

	}

}
