package io.patio.autoconfigure.client;

import io.patio.broker.PatioBroker;
import io.patio.broker.client.PatioClients;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartFactoryBean;

/**
 * Makes the typed client of one contract interface with the application's
 * {@link PatioBroker}, at startup (so that a method that cannot be a task fails it).
 * Registered by {@link ImportPatioClients @ImportPatioClients}.
 *
 * @param <T> the contract interface
 */
public class PatioClientFactoryBean<T> implements SmartFactoryBean<T>, BeanFactoryAware {

	private final Class<T> contract;

	private BeanFactory beanFactory;

	private T client;

	public PatioClientFactoryBean(Class<T> contract) {
		this.contract = contract;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/** The contract interface. */
	public Class<T> getContract() {
		return this.contract;
	}

	@Override
	public synchronized T getObject() {
		if (this.client == null) {
			this.client = PatioClients.create(this.beanFactory.getBean(PatioBroker.class), this.contract);
		}
		return this.client;
	}

	@Override
	public Class<?> getObjectType() {
		return this.contract;
	}

	@Override
	public boolean isEagerInit() {
		return true;
	}

}
