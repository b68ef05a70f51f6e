package dev.scalelab.diagnostics.spring;

import dev.scalelab.diagnostics.Diagnostics;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Records every {@code DataSource} bean exactly once: Boot's own pool, a pool the app builds in a {@code @Bean}
 * method, several pools. A bean that is already recorded (by this post-processor, or wrapped by the app with
 * {@code diagnostics.wrap}) is left alone; a Spring {@link DelegatingDataSource} (transaction-aware, lazy) gets
 * its target recorded instead of itself, and a routing data source whose targets are recorded beans is left
 * alone, so no statement is counted twice.
 *
 * <p>The recorded bean keeps its class where it can (a subclass proxy of {@code HikariDataSource} is still a
 * {@code HikariDataSource}, for code that injects the pool by its type and for Boot's pool metrics): only
 * {@code getConnection} is routed through the recorder; every other method goes to the pool itself.
 */
final class DataSourceRecording implements BeanPostProcessor, Ordered {
    private static final Log log = LogFactory.getLog(FindingsLog.LOGGER);
    static final String PROXY_NAME = "scalelab-diagnostics";

    private final ObjectProvider<Diagnostics> diagnostics;

    DataSourceRecording(ObjectProvider<Diagnostics> diagnostics) {
        this.diagnostics = diagnostics;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10; // after other post-processors have made the bean what it will be
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof DataSource dataSource) || isRecorded(dataSource)) {
            return bean;
        }
        if (bean instanceof DelegatingDataSource delegating) {
            DataSource target = delegating.getTargetDataSource();
            if (target != null && !isRecorded(target)) {
                delegating.setTargetDataSource(record(target));
            }
            return bean;
        }
        if (bean instanceof AbstractRoutingDataSource routing) {
            boolean targetsRecorded = !routing.getResolvedDataSources().isEmpty()
                    && routing.getResolvedDataSources().values().stream().allMatch(DataSourceRecording::isRecorded);
            if (targetsRecorded) {
                return bean;
            }
        }
        log.debug("scalelab: recording statements of DataSource bean '" + beanName + "' (" + bean.getClass().getName() + ")");
        return record(dataSource);
    }

    private DataSource record(DataSource target) {
        DataSource recording = diagnostics.getObject().wrap(target);
        Class<?> type = AopUtils.getTargetClass(target);
        if (!subclassable(type)) {
            return recording;
        }
        ProxyFactory factory = new ProxyFactory(target);
        factory.setProxyTargetClass(true);
        factory.addAdvice(new GetConnection(recording));
        try {
            return (DataSource) factory.getProxy(type.getClassLoader());
        } catch (RuntimeException cannotSubclass) {
            return recording;
        }
    }

    /** Recorded by this class, or by {@code Diagnostics.wrap} directly. */
    static boolean isRecorded(DataSource dataSource) {
        if (dataSource instanceof ProxyDataSource proxy && PROXY_NAME.equals(proxy.getDataSourceName())) {
            return true;
        }
        if (dataSource instanceof Advised advised) {
            for (var advisor : advised.getAdvisors()) {
                if (advisor.getAdvice() instanceof GetConnection) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A subclass proxy keeps the pool's type; it needs a class whose public methods it can all override. */
    private static boolean subclassable(Class<?> type) {
        if (Modifier.isFinal(type.getModifiers()) || !Modifier.isPublic(type.getModifiers()) || type.isHidden()
                || type.getName().startsWith("java.") || type.getName().startsWith("javax.")) {
            return false;
        }
        for (Method m : type.getMethods()) {
            if (Modifier.isFinal(m.getModifiers()) && m.getDeclaringClass() != Object.class) {
                return false;
            }
        }
        return true;
    }

    /** Routes {@code getConnection} through the recorder; everything else goes to the pool. */
    private static final class GetConnection implements MethodInterceptor {
        private final DataSource recording;

        GetConnection(DataSource recording) {
            this.recording = recording;
        }

        @Override
        public Object invoke(MethodInvocation invocation) throws Throwable {
            Method method = invocation.getMethod();
            if (method.getName().equals("getConnection")) {
                Object[] args = invocation.getArguments();
                return args.length == 2 ? recording.getConnection((String) args[0], (String) args[1])
                        : recording.getConnection();
            }
            return invocation.proceed();
        }
    }
}
