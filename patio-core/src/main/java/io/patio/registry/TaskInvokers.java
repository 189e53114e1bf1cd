package io.patio.registry;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a {@link TaskInvoker} for a method: a hidden class, defined in the method's own
 * package (as a nestmate of its class, so private methods work too), whose one method
 * casts the arguments, unboxes them and calls the task directly, as hand-written code
 * would. The JIT then sees an ordinary call it can inline, where {@link Method#invoke}
 * goes through an accessor shared by every reflective call of the JVM. When the class
 * cannot be defined there (a named module that does not open the package, a class loader
 * that cannot see patio), the invoker falls back to reflection.
 */
final class TaskInvokers {

	private static final Logger logger = LoggerFactory.getLogger(TaskInvokers.class);

	private static final String INVOKER = Type.getInternalName(TaskInvoker.class);

	private TaskInvokers() {
	}

	static TaskInvoker of(Method method) {
		try {
			return generate(method);
		}
		catch (Throwable ex) {
			logger.debug("Calling {} by reflection: no direct invoker could be defined ({})",
					TaskDefinition.describe(method), ex.toString());
			return reflective(method);
		}
	}

	static TaskInvoker reflective(Method method) {
		method.trySetAccessible();
		return new ReflectiveInvoker(method);
	}

	/** The fallback: {@link Method#invoke}, with the method's own exception unwrapped. */
	static final class ReflectiveInvoker implements TaskInvoker {

		private final Method method;

		ReflectiveInvoker(Method method) {
			this.method = method;
		}

		@Override
		public Object invoke(Object target, Object[] args) throws Throwable {
			try {
				return this.method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

	private static TaskInvoker generate(Method method) throws Exception {
		Class<?> owner = method.getDeclaringClass();
		MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
		byte[] bytes = bytecode(method, Type.getInternalName(owner) + "$$PatioInvoker");
		MethodHandles.Lookup hidden = lookup.defineHiddenClass(bytes, true, MethodHandles.Lookup.ClassOption.NESTMATE);
		try {
			return (TaskInvoker) hidden
				.findConstructor(hidden.lookupClass(), java.lang.invoke.MethodType.methodType(void.class))
				.invoke();
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] bytecode(Method method, String name) {
		ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
		writer.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, name, null,
				"java/lang/Object", new String[] { INVOKER });
		MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
		init.visitCode();
		init.visitVarInsn(Opcodes.ALOAD, 0);
		init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
		init.visitInsn(Opcodes.RETURN);
		init.visitMaxs(0, 0);
		init.visitEnd();

		MethodVisitor invoke = writer.visitMethod(Opcodes.ACC_PUBLIC, "invoke",
				"(Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;", null,
				new String[] { "java/lang/Throwable" });
		invoke.visitCode();
		Class<?> owner = method.getDeclaringClass();
		String ownerName = Type.getInternalName(owner);
		boolean isStatic = Modifier.isStatic(method.getModifiers());
		if (!isStatic) {
			invoke.visitVarInsn(Opcodes.ALOAD, 1);
			invoke.visitTypeInsn(Opcodes.CHECKCAST, ownerName);
		}
		Class<?>[] parameters = method.getParameterTypes();
		for (int i = 0; i < parameters.length; i++) {
			invoke.visitVarInsn(Opcodes.ALOAD, 2);
			invoke.visitLdcInsn(i);
			invoke.visitInsn(Opcodes.AALOAD);
			unbox(invoke, parameters[i]);
		}
		int opcode = isStatic ? Opcodes.INVOKESTATIC
				: owner.isInterface() ? Opcodes.INVOKEINTERFACE : Opcodes.INVOKEVIRTUAL;
		invoke.visitMethodInsn(opcode, ownerName, method.getName(), Type.getMethodDescriptor(method),
				owner.isInterface());
		box(invoke, method.getReturnType());
		invoke.visitInsn(Opcodes.ARETURN);
		invoke.visitMaxs(0, 0);
		invoke.visitEnd();
		writer.visitEnd();
		return writer.toByteArray();
	}

	private static void unbox(MethodVisitor code, Class<?> type) {
		if (!type.isPrimitive()) {
			code.visitTypeInsn(Opcodes.CHECKCAST, Type.getInternalName(type));
			return;
		}
		Type primitive = Type.getType(type);
		String wrapper = Type.getInternalName(wrapper(type));
		code.visitTypeInsn(Opcodes.CHECKCAST, wrapper);
		code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, wrapper, type.getName() + "Value", "()" + primitive.getDescriptor(),
				false);
	}

	private static void box(MethodVisitor code, Class<?> type) {
		if (type == void.class) {
			code.visitInsn(Opcodes.ACONST_NULL);
		}
		else if (type.isPrimitive()) {
			String wrapper = Type.getInternalName(wrapper(type));
			code.visitMethodInsn(Opcodes.INVOKESTATIC, wrapper, "valueOf",
					"(" + Type.getType(type).getDescriptor() + ")L" + wrapper + ";", false);
		}
	}

	private static Class<?> wrapper(Class<?> primitive) {
		return java.lang.invoke.MethodType.methodType(primitive).wrap().returnType();
	}

}
