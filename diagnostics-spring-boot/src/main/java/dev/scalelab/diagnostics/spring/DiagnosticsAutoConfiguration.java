package dev.scalelab.diagnostics.spring;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.http.DiagnosticsEndpoint;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;

import java.util.List;

/**
 * scalelab diagnostics for a Spring Boot app, from one dependency: every {@code DataSource} bean recorded,
 * a unit of work per request named by its route template with {@code Server-Timing}, work handed to Spring's
 * task executors ({@code @Async}) counted toward the request that handed it over, each request's findings
 * logged, and (opt-in, with a token) the diagnostics endpoint at {@code /_scalelab/diagnostics} and
 * {@code /actuator/scalelab}. Off with {@code scalelab.diagnostics.enabled=false}.
 *
 * <p>Ordered after the DataSource auto-configuration of Boot 3 and of Boot 4 (which moved it to its own
 * module) so a context that reports on its beans sees the recorded pool.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"},
        beforeName = "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration")
@ConditionalOnProperty(prefix = "scalelab.diagnostics", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(DiagnosticsProperties.class)
public class DiagnosticsAutoConfiguration {

    /** The recorder; an app that builds its own {@code Diagnostics} bean keeps it, and everything below uses it. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Diagnostics scalelabDiagnostics(DiagnosticsProperties properties, BeanFactory beanFactory) {
        return DiagnosticsSettings.build(properties, appPackages(properties, beanFactory));
    }


    /**
     * Tasks run by executors built from Spring Boot's executor builders (the {@code applicationTaskExecutor}
     * behind {@code @Async}) count toward the unit that submitted them; see {@link TaskDecoration}.
     */
    @Bean
    @ConditionalOnMissingBean(TaskDecorator.class)
    public TaskDecorator scalelabDiagnosticsTaskDecorator(Diagnostics diagnostics) {
        return new TaskDecoration.UnitPropagation(diagnostics);
    }

    /** The app's own {@code TaskDecorator} beans hand the unit over too. */
    @Bean
    static BeanPostProcessor scalelabAppTaskDecorators(ObjectProvider<Diagnostics> diagnostics) {
        return new TaskDecoration.AppDecorators(diagnostics);
    }

    /** Each unit's findings, logged when it ends. */
    @Bean
    @ConditionalOnMissingBean
    public FindingsLog scalelabFindingsLog(DiagnosticsProperties properties) {
        return new FindingsLog(properties.findingsLogLevel());
    }

    static List<String> appPackages(DiagnosticsProperties properties, BeanFactory beanFactory) {
        if (!properties.appPackages().isEmpty()) {
            return properties.appPackages();
        }
        return AutoConfigurationPackages.has(beanFactory) ? AutoConfigurationPackages.get(beanFactory) : List.of();
    }

    /** A unit per request, {@code Server-Timing}, the findings log. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "jakarta.servlet.Filter")
    static class Web {
        @Bean
        @ConditionalOnMissingBean
        RequestUnitFilter scalelabRequestUnitFilter(Diagnostics diagnostics, FindingsLog findings) {
            return new RequestUnitFilter(diagnostics, findings);
        }

    }

    /** The unit takes the route template as soon as Spring MVC matched the handler. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.config.annotation.WebMvcConfigurer")
    static class SpringMvc {
        @Bean
        RouteNaming scalelabRouteNaming() {
            return new RouteNaming();
        }
    }

    /** Records every {@code DataSource} bean, also pools the app builds itself, once (needs spring-jdbc). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.jdbc.datasource.DelegatingDataSource")
    static class Jdbc {
        @Bean
        static DataSourceRecording scalelabDataSourceRecording(ObjectProvider<Diagnostics> diagnostics) {
            return new DataSourceRecording(diagnostics);
        }
    }

    /**
     * The diagnostics endpoint, only when a token is set, and only for loopback clients that send it: at the
     * library's own path {@code /_scalelab/diagnostics}, which scalelab reads first (no Actuator, no exposure
     * setting), and as {@code /actuator/scalelab} where Actuator is present and exposes it
     * ({@code management.endpoints.web.exposure.include}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "jakarta.servlet.Filter")
    @ConditionalOnProperty(prefix = "scalelab.diagnostics.endpoint", name = "token")
    static class Endpoint {
        /** The endpoint's rules (token, loopback, redaction), shared by both paths. */
        @Bean
        @ConditionalOnMissingBean
        DiagnosticsEndpoint scalelabDiagnosticsEndpointRules(Diagnostics diagnostics, DiagnosticsProperties properties) {
            return DiagnosticsEndpoint.enabled(diagnostics, properties.endpoint().token(), properties.includeParameters());
        }

        @Bean
        @ConditionalOnMissingBean
        DiagnosticsPathFilter scalelabDiagnosticsPathFilter(DiagnosticsEndpoint rules) {
            return new DiagnosticsPathFilter(rules);
        }

        /** In a class of its own, so an app without Actuator never loads the Actuator endpoint's type. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint")
        static class Actuator {
            @Bean
            @ConditionalOnMissingBean
            DiagnosticsActuatorEndpoint scalelabDiagnosticsEndpoint(DiagnosticsEndpoint rules) {
                return new DiagnosticsActuatorEndpoint(rules);
            }
        }
    }
}
