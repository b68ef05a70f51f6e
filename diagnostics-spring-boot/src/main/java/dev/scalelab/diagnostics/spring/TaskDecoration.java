package dev.scalelab.diagnostics.spring;

import dev.scalelab.diagnostics.Diagnostics;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.task.TaskDecorator;

import java.lang.reflect.Modifier;

/**
 * Work handed to Spring's task executors counts toward the unit (request, test) that handed it over.
 *
 * <p>Executors built by Spring Boot's builders (the {@code applicationTaskExecutor} behind {@code @Async}, and
 * any the app builds from the injected {@code ThreadPoolTaskExecutorBuilder}) apply the app's
 * {@code TaskDecorator} bean. Without one, the starter contributes {@link UnitPropagation}; with one, that bean
 * is wrapped so it decorates a task that already carries the unit (Boot 3.5 applies only a unique decorator,
 * so the starter never adds a second).
 */
final class TaskDecoration {
    private TaskDecoration() {
    }

    /** The starter's decorator when the app has none. */
    static final class UnitPropagation implements TaskDecorator {
        private final Diagnostics diagnostics;

        UnitPropagation(Diagnostics diagnostics) {
            this.diagnostics = diagnostics;
        }

        @Override
        public Runnable decorate(Runnable task) {
            return diagnostics.wrap(task);
        }
    }

    /** Makes the app's own {@code TaskDecorator} beans hand the unit over too. */
    static final class AppDecorators implements BeanPostProcessor {
        private final ObjectProvider<Diagnostics> diagnostics;

        AppDecorators(ObjectProvider<Diagnostics> diagnostics) {
            this.diagnostics = diagnostics;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (!(bean instanceof TaskDecorator) || bean instanceof UnitPropagation) {
                return bean;
            }
            ProxyFactory factory = new ProxyFactory(bean);
            Class<?> type = bean.getClass();
            factory.setProxyTargetClass(!type.isHidden() && !type.isSynthetic() && !Modifier.isFinal(type.getModifiers())
                    && Modifier.isPublic(type.getModifiers()));
            factory.addAdvice((MethodInterceptor) invocation -> {
                Object[] args = invocation.getArguments();
                if (invocation.getMethod().getName().equals("decorate") && args.length == 1
                        && args[0] instanceof Runnable task && invocation instanceof ProxyMethodInvocation pmi) {
                    pmi.setArguments(diagnostics.getObject().wrap(task));
                }
                return invocation.proceed();
            });
            try {
                return factory.getProxy(type.getClassLoader());
            } catch (RuntimeException cannotProxy) {
                return bean;
            }
        }
    }
}
