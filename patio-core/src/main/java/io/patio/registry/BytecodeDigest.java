package io.patio.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * A digest of one method's instructions, for strict registries: callers and workers that
 * run different versions of a task get different names. The instructions are read with
 * ASM and digested with their symbolic operands (not constant-pool indexes), so editing
 * another method of the class does not change the digest.
 */
final class BytecodeDigest {

	private static final int HEX_LENGTH = 16;

	private BytecodeDigest() {
	}

	static String of(java.lang.reflect.Method method) {
		Class<?> type = method.getDeclaringClass();
		String resource = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
		try (InputStream in = type.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Cannot read the bytecode of " + type.getName() + " to digest method "
						+ method.getName() + " for a strict registry");
			}
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			String descriptor = Type.getMethodDescriptor(method);
			new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
				@Override
				public MethodVisitor visitMethod(int access, String name, String desc, String signature,
						String[] exceptions) {
					if (name.equals(method.getName()) && desc.equals(descriptor)) {
						return new Instructions(digest);
					}
					return null;
				}
			}, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
			return HexFormat.of().formatHex(digest.digest()).substring(0, HEX_LENGTH);
		}
		catch (IOException | NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Cannot digest method " + method, ex);
		}
	}

	/** Feeds each instruction, with symbolic operands, into the digest. */
	private static final class Instructions extends MethodVisitor {

		private final MessageDigest digest;

		private final Map<Label, Integer> labels = new HashMap<>();

		Instructions(MessageDigest digest) {
			super(Opcodes.ASM9);
			this.digest = digest;
		}

		private void add(Object... parts) {
			for (Object part : parts) {
				this.digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
				this.digest.update((byte) 0);
			}
			this.digest.update((byte) '\n');
		}

		private int label(Label label) {
			return this.labels.computeIfAbsent(label, (key) -> this.labels.size());
		}

		@Override
		public void visitInsn(int opcode) {
			add(opcode);
		}

		@Override
		public void visitIntInsn(int opcode, int operand) {
			add(opcode, operand);
		}

		@Override
		public void visitVarInsn(int opcode, int var) {
			add(opcode, var);
		}

		@Override
		public void visitTypeInsn(int opcode, String type) {
			add(opcode, type);
		}

		@Override
		public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
			add(opcode, owner, name, descriptor);
		}

		@Override
		public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
			add(opcode, owner, name, descriptor, isInterface);
		}

		@Override
		public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
			add("indy", name, descriptor, bootstrap);
			for (Object argument : arguments) {
				add(argument);
			}
		}

		@Override
		public void visitJumpInsn(int opcode, Label label) {
			add(opcode, "L" + label(label));
		}

		@Override
		public void visitLabel(Label label) {
			add("label", label(label));
		}

		@Override
		public void visitLdcInsn(Object value) {
			add("ldc", value.getClass().getName(), value);
		}

		@Override
		public void visitIincInsn(int var, int increment) {
			add("iinc", var, increment);
		}

		@Override
		public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
			add("tableswitch", min, max, label(dflt));
			for (Label label : labels) {
				add(label(label));
			}
		}

		@Override
		public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
			add("lookupswitch", label(dflt));
			for (int i = 0; i < keys.length; i++) {
				add(keys[i], label(labels[i]));
			}
		}

		@Override
		public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
			add("multianewarray", descriptor, numDimensions);
		}

		@Override
		public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
			add("try", label(start), label(end), label(handler), type);
		}

	}

}
